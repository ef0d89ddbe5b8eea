namespace StreamReco.Scoring.Candidates;

/// <summary>
/// A deduplicated candidate. <see cref="Source"/> is the first (highest-priority) source that produced it,
/// <see cref="Sources"/> all of them, in priority order. A value type, for the same reason as <see cref="RankedItem"/>.
/// </summary>
public readonly record struct Candidate(string ItemId, string CategoryId, string Source, double SourceScore, IReadOnlyList<string> Sources);
