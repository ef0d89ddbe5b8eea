using StreamReco.Schemas;

namespace StreamReco.Producers.Csv;

/// <summary>How <see cref="CsvClickstreamReader"/> reads <c>user_id,item_id,category_id,behavior_type,timestamp</c> files.</summary>
public sealed record CsvClickstreamOptions
{
    /// <summary>True: the first line is a header. False: it is data. Null: a first line whose timestamp column is not an integer is a header.</summary>
    public bool? HasHeader { get; init; }

    public char Delimiter { get; init; } = ',';

    /// <summary>Event ids are this prefix followed by the 1-based line number; use a distinct prefix per file when replaying several.</summary>
    public string EventIdPrefix { get; init; } = "csv-";

    /// <summary>Optional domain check; rows it rejects are reported as bad rows.</summary>
    public ClickEventValidator? Validator { get; init; }

    /// <summary>How many bad rows <see cref="CsvClickstreamReader.BadRows"/> keeps; all are counted and passed to the callback.</summary>
    public int MaxBadRowsKept { get; init; } = 1_000;
}
