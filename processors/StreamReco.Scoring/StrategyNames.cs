namespace StreamReco.Scoring;

/// <summary>Wire names of strategies (Recommendation.strategy) and the model_version stamps that are not a model.</summary>
public static class StrategyNames
{
    public const string Personalised = "personalised";
    public const string PersonalisedTrending = "personalised+trending";
    public const string Trending = "trending";
    public const string ReEngagement = "re-engagement";
    public const string PopularityFallback = "popularity-fallback";

    /// <summary>model_version of a popularity-fallback list (per the Recommendation schema).</summary>
    public const string PopularityVersion = "popularity";

    /// <summary>model_version of a trending or re-engagement list, which are ranked by rules, not by a model.</summary>
    public const string HeuristicVersion = "heuristic";

    public static readonly IReadOnlyList<string> All = [Personalised, PersonalisedTrending, Trending, ReEngagement, PopularityFallback];

    public static string Of(RecommendationStrategy strategy) => strategy switch
    {
        RecommendationStrategy.Personalised => Personalised,
        RecommendationStrategy.PersonalisedTrending => PersonalisedTrending,
        RecommendationStrategy.Trending => Trending,
        RecommendationStrategy.ReEngagement => ReEngagement,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown strategy."),
    };
}
