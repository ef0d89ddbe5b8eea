using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Features;
using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Candidates;
using StreamReco.Scoring.Models;

namespace StreamReco.Scoring;

/// <summary>
/// Produces one user's list: picks the strategy tier for the user's segment, generates and scores candidates with the
/// model in service, and degrades to the popularity list when there is no model, scoring throws, scoring exceeds the
/// latency budget, or there are no candidates. Safe for concurrent use; a list is scored by exactly one model version.
/// </summary>
public sealed class Recommender
{
    public const string UnknownSegment = "unknown";

    private readonly ModelRegistry _registry;
    private readonly CandidateGenerator _candidates;
    private readonly IUserFeaturesLookup _users;
    private readonly IItemFeaturesLookup _items;
    private readonly IItemRankingLookup _rankings;
    private readonly IUserActivityLookup _activity;
    private readonly ScoringOptions _options;
    private readonly ScoringMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    public Recommender(
        ModelRegistry registry,
        IUserFeaturesLookup users,
        IItemFeaturesLookup items,
        IItemRankingLookup rankings,
        IUserActivityLookup activity,
        ICoVisitationLookup coVisitation,
        ScoringOptions options,
        ScoringMetrics metrics,
        TimeProvider? time = null,
        ILogger<Recommender>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _registry = registry;
        _users = users;
        _items = items;
        _rankings = rankings;
        _activity = activity;
        _options = options;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
        _log = log ?? (ILogger)NullLogger.Instance;
        _candidates = new CandidateGenerator(activity, rankings, coVisitation, options);
    }

    /// <summary>
    /// Builds the list for <paramref name="context"/>. Returns null only when the catalogue has no item at all yet
    /// (counted in the skipped counter); otherwise the list is never empty.
    /// </summary>
    public Recommendation? Recommend(RecommendationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = _time.GetTimestamp();
        var user = _users.GetUserFeatures(context.UserId);
        var segment = user is null ? UnknownSegment : SegmentName(user.Segment);
        var strategy = _options.StrategyFor(user?.Segment);
        var bought = _activity.BoughtItems(context.UserId);

        var outcome = strategy switch
        {
            RecommendationStrategy.Personalised or RecommendationStrategy.PersonalisedTrending =>
                Personalised(context, user, bought, strategy, started),
            RecommendationStrategy.Trending => Trending(bought),
            RecommendationStrategy.ReEngagement => ReEngagement(context.UserId, user, bought),
            _ => throw new InvalidOperationException("Unknown strategy " + strategy),
        };

        if (outcome.FallbackReason is not null)
        {
            _metrics.RecordFallback(outcome.FallbackReason);
            outcome = Popularity(bought, outcome.FallbackReason);
            if (outcome.Items.Count == 0)
            {
                _metrics.Skipped.Inc();
                return null;
            }
        }

        _metrics.RecordStrategy(outcome.Strategy);
        _metrics.ScoringDuration.Observe(_time.GetElapsedTime(started).TotalSeconds);
        return new Recommendation(
            context.UserId,
            context.RequestId,
            context.TriggerEventId,
            _time.GetUtcNow().ToUnixTimeMilliseconds(),
            outcome.ModelVersion,
            outcome.Strategy,
            segment,
            outcome.PopularityReason,
            outcome.Items);
    }

    public static string SegmentName(UserSegment segment) => segment switch
    {
        UserSegment.Core => "core",
        UserSegment.Active => "active",
        UserSegment.Normal => "normal",
        UserSegment.Churned => "churned",
        _ => throw new ArgumentOutOfRangeException(nameof(segment), segment, "Unknown segment."),
    };

    private Outcome Personalised(
        RecommendationContext context,
        UserFeatures? user,
        IReadOnlySet<string> bought,
        RecommendationStrategy strategy,
        long started)
    {
        // Read the model once: the whole list is scored and stamped by this version even if a swap happens meanwhile.
        var model = _registry.Current;
        if (model is null)
        {
            return Outcome.Fallback(FallbackReasons.NoModel);
        }

        var candidates = _candidates.Generate(context.UserId, user);
        _metrics.Candidates.Observe(candidates.Count);
        if (candidates.Count == 0)
        {
            return Outcome.Fallback(FallbackReasons.NoCandidates);
        }

        var width = FeatureVector.Length;
        var rows = ArrayPool<float>.Shared.Rent(candidates.Count * width);
        var scores = ArrayPool<float>.Shared.Rent(candidates.Count);
        var top = ArrayPool<int>.Shared.Rent(Math.Min(_options.TopN, candidates.Count));
        List<RecommendedItem> ranked;
        try
        {
            try
            {
                for (var i = 0; i < candidates.Count; i++)
                {
                    WriteVector(
                        user,
                        _items.GetItemFeatures(candidates[i].ItemId),
                        candidates[i].CategoryId,
                        context.AsOf,
                        rows.AsSpan(i * width, width));
                }

                model.Score(rows.AsSpan(0, candidates.Count * width), scores.AsSpan(0, candidates.Count));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _log.LogWarning(ex, "Scoring with model {Version} failed for user {UserId}; serving popularity", model.Version, context.UserId);
                return Outcome.Fallback(FallbackReasons.ScoringError);
            }

            var elapsed = _time.GetElapsedTime(started);
            if (elapsed > _options.LatencyBudget)
            {
                return Outcome.Fallback(FallbackReasons.LatencyBudget);
            }

            // Stable: equal scores keep source priority order.
            var count = TopScores.Select(scores.AsSpan(0, candidates.Count), top.AsSpan(0, Math.Min(_options.TopN, candidates.Count)));
            ranked = new List<RecommendedItem>(count);
            for (var k = 0; k < count; k++)
            {
                var candidate = candidates[top[k]];
                ranked.Add(new RecommendedItem(candidate.ItemId, candidate.CategoryId, scores[top[k]], candidate.Source));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(top);
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<float>.Shared.Return(rows);
        }

        if (strategy == RecommendationStrategy.PersonalisedTrending)
        {
            // TopN trending items beyond the bought ones always leave enough unused ones for the trending slots.
            var trending = _rankings.Top(ItemRanking.Trending, null, _options.TopN + bought.Count);
            ranked = Blend(ranked, trending, bought, _options.TrendingBlendShare, _options.TopN);
            return new Outcome(StrategyNames.PersonalisedTrending, model.Version, ranked, null, null);
        }

        return new Outcome(StrategyNames.Personalised, model.Version, ranked, null, null);
    }

    /// <summary>
    /// The scorer's input for one candidate: exactly <see cref="FeatureVector.Build"/> (as training snapshots use), narrowed
    /// to float into <paramref name="destination"/> (length <see cref="FeatureVector.Length"/>).
    /// </summary>
    internal static void WriteVector(UserFeatures? user, ItemFeatures? item, string categoryId, long asOf, Span<float> destination)
    {
        Span<double> values = stackalloc double[FeatureVector.Length];
        FeatureVector.Write(user, item, categoryId, asOf, values);
        if (destination.Length != values.Length)
        {
            throw new ArgumentException("Destination holds " + destination.Length + " features, the vector has " + values.Length + ".", nameof(destination));
        }

        for (var i = 0; i < values.Length; i++)
        {
            destination[i] = (float)values[i];
        }
    }

    /// <summary>
    /// Interleaves trending items (except <paramref name="excluded"/> ones) into the personalised list so that about
    /// <paramref name="share"/> of the slots are trending, spread evenly; when one side runs out the other fills the
    /// remaining slots. No duplicates. Only the trending items placed become list entries.
    /// </summary>
    internal static List<RecommendedItem> Blend(
        List<RecommendedItem> personal, IReadOnlyList<RankedItem> trending, IReadOnlySet<string> excluded, double share, int topN)
    {
        var result = new List<RecommendedItem>(topN);
        var used = new HashSet<string>(topN, StringComparer.Ordinal);
        int p = 0, t = 0;
        for (var slot = 0; result.Count < topN; slot++)
        {
            var trendingSlot = Math.Floor((slot + 1) * share) > Math.Floor(slot * share);
            var next = trendingSlot ? NextTrending(ref t) ?? NextPersonal(ref p) : NextPersonal(ref p) ?? NextTrending(ref t);
            if (next is null)
            {
                break;
            }

            result.Add(next);
        }

        return result;

        RecommendedItem? NextPersonal(ref int index)
        {
            while (index < personal.Count)
            {
                var item = personal[index++];
                if (used.Add(item.ItemId))
                {
                    return item;
                }
            }

            return null;
        }

        RecommendedItem? NextTrending(ref int index)
        {
            while (index < trending.Count)
            {
                var item = trending[index++];
                if (!excluded.Contains(item.ItemId) && used.Add(item.ItemId))
                {
                    return new RecommendedItem(item.ItemId, item.CategoryId, item.Score, CandidateSources.Trending);
                }
            }

            return null;
        }
    }

    private Outcome Trending(IReadOnlySet<string> bought)
    {
        var items = _rankings.Top(ItemRanking.Trending, null, _options.TopN + bought.Count)
            .Where(t => !bought.Contains(t.ItemId))
            .Take(_options.TopN)
            .Select(t => new RecommendedItem(t.ItemId, t.CategoryId, t.Score, CandidateSources.Trending))
            .ToList();
        return items.Count == 0
            ? Outcome.Fallback(FallbackReasons.NoCandidates)
            : new Outcome(StrategyNames.Trending, StrategyNames.HeuristicVersion, items, null, null);
    }

    /// <summary>New and trending items of the user's favourite categories, alternating new/trending, round-robin over categories.</summary>
    private Outcome ReEngagement(string userId, UserFeatures? user, IReadOnlySet<string> bought)
    {
        var categories = CandidateGenerator.FavouriteCategories(_activity, userId, user, _options.CandidateCategories);
        var queues = new List<IReadOnlyList<RecommendedItem>>();
        foreach (var category in categories)
        {
            queues.Add(Tagged(_rankings.Top(ItemRanking.New, category, _options.ReEngagementItemsPerCategory), CandidateSources.New));
            queues.Add(Tagged(_rankings.Top(ItemRanking.Trending, category, _options.ReEngagementItemsPerCategory), CandidateSources.Trending));
        }

        var items = new List<RecommendedItem>(_options.TopN);
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var depth = 0; items.Count < _options.TopN && queues.Any(q => depth < q.Count); depth++)
        {
            foreach (var queue in queues)
            {
                if (depth < queue.Count && items.Count < _options.TopN && !bought.Contains(queue[depth].ItemId) && used.Add(queue[depth].ItemId))
                {
                    items.Add(queue[depth]);
                }
            }
        }

        return items.Count == 0
            ? Outcome.Fallback(FallbackReasons.NoCandidates)
            : new Outcome(StrategyNames.ReEngagement, StrategyNames.HeuristicVersion, items, null, null);

        static RecommendedItem[] Tagged(IReadOnlyList<RankedItem> ranked, string source) =>
            ranked.Select(r => new RecommendedItem(r.ItemId, r.CategoryId, r.Score, source)).ToArray();
    }

    /// <summary>Global popularity without bought items; if the user bought all of them, popularity as is.</summary>
    private Outcome Popularity(IReadOnlySet<string> bought, string reason)
    {
        var popular = _rankings.Top(ItemRanking.Popular, null, _options.TopN + bought.Count);
        var filtered = popular.Where(p => !bought.Contains(p.ItemId)).Take(_options.TopN).ToList();
        var chosen = filtered.Count > 0 ? filtered : popular.Take(_options.TopN).ToList();
        var items = chosen.Select(p => new RecommendedItem(p.ItemId, p.CategoryId, p.Score, CandidateSources.Popularity)).ToList();
        return new Outcome(StrategyNames.PopularityFallback, StrategyNames.PopularityVersion, items, null, reason);
    }

    private sealed record Outcome(
        string Strategy,
        string ModelVersion,
        IReadOnlyList<RecommendedItem> Items,
        string? FallbackReason,
        string? PopularityReason)
    {
        public static Outcome Fallback(string reason) => new(string.Empty, string.Empty, [], reason, null);
    }
}
