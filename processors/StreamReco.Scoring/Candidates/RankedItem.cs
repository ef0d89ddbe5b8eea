namespace StreamReco.Scoring.Candidates;

/// <summary>
/// An item in a ranking, with the ranking's own score (popularity, trending score, recency). A value type: every list
/// builds dozens of them, and a heap object each made the scorer's gen0 collections walk that many more objects.
/// </summary>
public readonly record struct RankedItem(string ItemId, string CategoryId, double Score);
