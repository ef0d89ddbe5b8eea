namespace StreamReco.Scoring;

/// <summary>How a segment's list is built. The popularity fallback is not configurable: it is what any strategy degrades to.</summary>
public enum RecommendationStrategy
{
    /// <summary>Model-scored candidates from all sources.</summary>
    Personalised,

    /// <summary>Model-scored candidates with a share of slots given to trending items.</summary>
    PersonalisedTrending,

    /// <summary>Global trending items.</summary>
    Trending,

    /// <summary>New and trending items in the user's favourite categories.</summary>
    ReEngagement,
}
