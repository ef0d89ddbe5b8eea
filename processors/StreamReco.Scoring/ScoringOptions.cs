using StreamReco.Schemas.Contracts;

namespace StreamReco.Scoring;

/// <summary>Configuration of candidate generation, strategy tiers and the fallback. Defaults suit ~50-200 candidates per request.</summary>
public sealed record ScoringOptions
{
    public static readonly IReadOnlyDictionary<UserSegment, RecommendationStrategy> DefaultStrategies =
        new Dictionary<UserSegment, RecommendationStrategy>
        {
            [UserSegment.Core] = RecommendationStrategy.Personalised,
            [UserSegment.Active] = RecommendationStrategy.PersonalisedTrending,
            [UserSegment.Normal] = RecommendationStrategy.Trending,
            [UserSegment.Churned] = RecommendationStrategy.ReEngagement,
        };

    /// <summary>Items per recommendation.</summary>
    public int TopN { get; init; } = 20;

    /// <summary>Strategy per segment; a segment missing here uses <see cref="UnknownUserStrategy"/>.</summary>
    public IReadOnlyDictionary<UserSegment, RecommendationStrategy> StrategyBySegment { get; init; } = DefaultStrategies;

    /// <summary>Strategy for users without features yet.</summary>
    public RecommendationStrategy UnknownUserStrategy { get; init; } = RecommendationStrategy.Trending;

    /// <summary>Model scoring (features + predictions) longer than this falls back to popularity.</summary>
    public TimeSpan LatencyBudget { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Share of slots given to trending items in the personalised+trending blend (0..1).</summary>
    public double TrendingBlendShare { get; init; } = 0.3;

    /// <summary>How many of the user's recent/favourite categories feed the category source.</summary>
    public int CandidateCategories { get; init; } = 3;

    /// <summary>Top items taken from each of those categories.</summary>
    public int ItemsPerCategory { get; init; } = 20;

    /// <summary>How many of the user's recent items seed co-visitation neighbours.</summary>
    public int CoVisitationSeedItems { get; init; } = 5;

    /// <summary>Neighbours taken per seed item.</summary>
    public int NeighboursPerItem { get; init; } = 10;

    public int TrendingCandidates { get; init; } = 30;

    public int NewCandidates { get; init; } = 20;

    /// <summary>Hard cap on candidates scored per request.</summary>
    public int MaxCandidates { get; init; } = 200;

    /// <summary>Items considered per favourite category and ranking by the re-engagement strategy.</summary>
    public int ReEngagementItemsPerCategory { get; init; } = 10;

    public void Validate()
    {
        if (TopN <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TopN), TopN, "TopN must be positive.");
        }

        if (LatencyBudget <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LatencyBudget), LatencyBudget, "The latency budget must be positive.");
        }

        if (TrendingBlendShare is < 0 or > 1 || double.IsNaN(TrendingBlendShare))
        {
            throw new ArgumentOutOfRangeException(nameof(TrendingBlendShare), TrendingBlendShare, "The trending share must be within [0, 1].");
        }

        if (MaxCandidates <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCandidates), MaxCandidates, "MaxCandidates must be positive.");
        }
    }

    public RecommendationStrategy StrategyFor(UserSegment? segment) =>
        segment is { } s && StrategyBySegment.TryGetValue(s, out var strategy) ? strategy : UnknownUserStrategy;
}
