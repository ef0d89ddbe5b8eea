namespace StreamReco.Producers.Csv;

/// <summary>A CSV line that did not become an event: its 1-based line number, why, and the line itself.</summary>
public sealed record CsvBadRow(long LineNumber, string Reason, string Line);
