using System.Collections;
using System.Globalization;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Producers.Synthetic;

/// <summary>
/// Lazy, seeded clickstream generator. Guarantees, for the same options:
/// the same sequence on every enumeration; unique event ids (<c>syn-{seed}-{index}</c>); event times non-decreasing
/// except for the configured late fraction; and within a session the funnel order per item: every CLICK follows a VIEW
/// of that item, CART/FAV/SHARE follow a CLICK, and BUY follows a CART of that item in the same session.
/// </summary>
/// <remarks>
/// Model: <see cref="SyntheticClickstreamOptions.ConcurrentSessions"/> sessions run at once, each of a random user
/// viewing a geometric number of items; an item comes from the user's preferred category with
/// <see cref="SyntheticClickstreamOptions.PreferredCategoryProbability"/>, otherwise from the whole catalogue, in both
/// cases Zipf-distributed by popularity rank. Each event advances a random live session. Gaps between events are
/// exponential with mean 1 / <see cref="SyntheticClickstreamOptions.EventsPerSecond"/>.
/// </remarks>
public sealed class SyntheticClickstream : IEnumerable<ClickEvent>
{
    private readonly SyntheticClickstreamOptions _options;

    public SyntheticClickstream(SyntheticClickstreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    public SyntheticClickstreamOptions Options => _options;

    public static string UserId(int user) => "u-" + user.ToString(CultureInfo.InvariantCulture);

    public static string ItemId(int item) => "i-" + item.ToString(CultureInfo.InvariantCulture);

    public static string CategoryId(int category) => "c-" + category.ToString(CultureInfo.InvariantCulture);

    public IEnumerator<ClickEvent> GetEnumerator()
    {
        var o = _options;
        var random = new Random(o.Seed);
        var categoryOfItem = new int[o.Items];
        for (var item = 0; item < o.Items; item++)
        {
            categoryOfItem[item] = item % o.Categories;
        }

        var rankToItem = Enumerable.Range(0, o.Items).ToArray();
        random.Shuffle(rankToItem);
        var preferredCategory = new int[o.Users];
        for (var user = 0; user < o.Users; user++)
        {
            preferredCategory[user] = random.Next(o.Categories);
        }

        var before = new BehaviourRegime(rankToItem, categoryOfItem, o.Categories, o.ItemPopularityExponent, o.Funnel, categoryShift: 0);
        var after = before;
        if (o.Drift is { } drift)
        {
            var rotated = new int[o.Items];
            for (var rank = 0; rank < o.Items; rank++)
            {
                rotated[(rank + drift.PopularityRankShift) % o.Items] = rankToItem[rank];
            }

            after = new BehaviourRegime(
                rotated, categoryOfItem, o.Categories, o.ItemPopularityExponent, drift.Funnel ?? o.Funnel, drift.CategoryPreferenceShift % o.Categories);
        }

        var startMillis = o.StartTime.ToUnixTimeMilliseconds();
        var driftIndex = o.Drift?.AfterEvents ?? long.MaxValue;
        var driftMillis = o.Drift?.AtEventTime?.ToUnixTimeMilliseconds() ?? long.MaxValue;
        var meanGapMillis = 1000.0 / o.EventsPerSecond;
        var maxLatenessMillis = (long)o.MaxLateness.TotalMilliseconds;
        var prefix = "syn-" + o.Seed.ToString(CultureInfo.InvariantCulture) + "-";
        var sessions = new SyntheticSession?[o.ConcurrentSessions];
        long sessionCounter = 0;
        var clock = 0.0;

        for (long index = 0; o.MaxEvents is null || index < o.MaxEvents; index++)
        {
            clock += -meanGapMillis * Math.Log(1 - random.NextDouble());
            var eventTime = startMillis + (long)clock;
            var regime = index >= driftIndex || eventTime >= driftMillis ? after : before;

            var slot = random.Next(sessions.Length);
            var session = sessions[slot];
            if (session is null || session.IsFinished)
            {
                var user = random.Next(o.Users);
                session = new SyntheticSession(
                    user,
                    prefix + "s" + sessionCounter++.ToString(CultureInfo.InvariantCulture),
                    DrawSessionLength(random, o));
                sessions[slot] = session;
            }

            var (item, behavior) = session.Next(regime, preferredCategory, o.Categories, o.PreferredCategoryProbability, random);
            if (o.OutOfOrderFraction > 0 && random.NextDouble() < o.OutOfOrderFraction && maxLatenessMillis > 0)
            {
                eventTime -= random.NextInt64(1, maxLatenessMillis + 1);
            }

            yield return new ClickEvent(
                prefix + index.ToString(CultureInfo.InvariantCulture),
                UserId(session.User),
                ItemId(item),
                CategoryId(categoryOfItem[item]),
                behavior,
                eventTime,
                session.SessionId);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static int DrawSessionLength(Random random, SyntheticClickstreamOptions o)
    {
        if (o.MeanItemsPerSession <= 1)
        {
            return 1;
        }

        // Geometric on {1, 2, ...} with the configured mean.
        var p = 1 / o.MeanItemsPerSession;
        var length = 1 + (int)Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(1 - p));
        return Math.Clamp(length, 1, o.MaxItemsPerSession);
    }
}
