namespace StreamReco.Scoring.Candidates;

/// <summary>Wire names of candidate sources (RecommendedItem.source).</summary>
public static class CandidateSources
{
    public const string CoVisitation = "co-visitation";
    public const string Category = "category";
    public const string Trending = "trending";
    public const string New = "new";
    public const string Popularity = "popularity";
}
