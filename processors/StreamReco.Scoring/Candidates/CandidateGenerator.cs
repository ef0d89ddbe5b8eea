using StreamReco.Schemas.Contracts;

namespace StreamReco.Scoring.Candidates;

/// <summary>
/// Builds a user's candidate set from pluggable sources, in priority order: co-visitation neighbours of recent items,
/// top items of recent/favourite categories, trending items, new items. Bought items are filtered, duplicates merged
/// (first source is the attribution, all sources are kept), and the set is capped at <see cref="ScoringOptions.MaxCandidates"/>.
/// </summary>
public sealed class CandidateGenerator
{
    // One builder per thread: lists are generated on stream threads and request handlers, each its own at a time.
    [ThreadStatic]
    private static CandidateSetBuilder? _threadBuilder;

    private readonly IUserActivityLookup _activity;
    private readonly IItemRankingLookup _rankings;
    private readonly ICoVisitationLookup _coVisitation;
    private readonly ScoringOptions _options;

    public CandidateGenerator(IUserActivityLookup activity, IItemRankingLookup rankings, ICoVisitationLookup coVisitation, ScoringOptions options)
    {
        _activity = activity;
        _rankings = rankings;
        _coVisitation = coVisitation;
        _options = options;
    }

    public IReadOnlyList<Candidate> Generate(string userId, UserFeatures? user)
    {
        var bought = _activity.BoughtItems(userId);
        var set = _threadBuilder ??= new CandidateSetBuilder();
        set.Reset(bought, _options.MaxCandidates);

        foreach (var seed in _activity.RecentItems(userId, _options.CoVisitationSeedItems))
        {
            set.AddRange(_coVisitation.Neighbours(seed, _options.NeighboursPerItem), CandidateSources.CoVisitation);
        }

        foreach (var category in FavouriteCategories(_activity, userId, user, _options.CandidateCategories))
        {
            set.AddRange(_rankings.Top(ItemRanking.Popular, category, _options.ItemsPerCategory), CandidateSources.Category);
        }

        set.AddRange(_rankings.Top(ItemRanking.Trending, null, _options.TrendingCandidates), CandidateSources.Trending);
        set.AddRange(_rankings.Top(ItemRanking.New, null, _options.NewCandidates), CandidateSources.New);
        return set.Build();
    }

    /// <summary>Recent categories first (what the user does now), then windowed top categories by share.</summary>
    internal static IReadOnlyList<string> FavouriteCategories(IUserActivityLookup activity, string userId, UserFeatures? user, int max)
    {
        var result = new List<string>(max);
        foreach (var category in activity.RecentCategories(userId, max))
        {
            if (result.Count < max && !result.Contains(category, StringComparer.Ordinal))
            {
                result.Add(category);
            }
        }

        if (user is not null)
        {
            foreach (var share in user.TopCategories.OrderByDescending(c => c.Share))
            {
                if (result.Count < max && !result.Contains(share.CategoryId, StringComparer.Ordinal))
                {
                    result.Add(share.CategoryId);
                }
            }
        }

        return result;
    }
}
