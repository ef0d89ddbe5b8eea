namespace StreamReco.Scoring.Candidates;

/// <summary>
/// A deduplicated candidate. <see cref="Source"/> is the first (highest-priority) source that produced it,
/// <see cref="Sources"/> all of them, in priority order.
/// </summary>
public sealed record Candidate(string ItemId, string CategoryId, string Source, double SourceScore, IReadOnlyList<string> Sources);
