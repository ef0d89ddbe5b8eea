namespace StreamReco.Scoring.Candidates;

/// <summary>
/// An item in a ranking, with the ranking's own score (popularity, trending score, recency). A value type: every list
/// reads dozens of them, and as heap objects they were a large share of what the scorer allocated per list.
/// </summary>
public readonly record struct RankedItem(string ItemId, string CategoryId, double Score);
