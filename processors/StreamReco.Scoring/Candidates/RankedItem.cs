namespace StreamReco.Scoring.Candidates;

/// <summary>An item in a ranking, with the ranking's own score (popularity, trending score, recency).</summary>
public sealed record RankedItem(string ItemId, string CategoryId, double Score);
