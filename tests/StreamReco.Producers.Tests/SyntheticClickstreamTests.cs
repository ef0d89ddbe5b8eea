using StreamReco.Producers.Synthetic;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Producers.Tests;

public sealed class SyntheticClickstreamTests
{
    private static SyntheticClickstreamOptions Small(long events = 20_000) => new() { MaxEvents = events, Seed = 7 };

    [Fact]
    public void Same_seed_gives_the_same_stream_and_another_seed_a_different_one()
    {
        var first = new SyntheticClickstream(Small(5_000)).ToList();
        var again = new SyntheticClickstream(Small(5_000)).ToList();
        var other = new SyntheticClickstream(Small(5_000) with { Seed = 8 }).ToList();

        Assert.Equal(5_000, first.Count);
        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(e => (e.UserId, e.ItemId, e.Behavior)), other.Select(e => (e.UserId, e.ItemId, e.Behavior)));
    }

    [Fact]
    public void Enumerating_twice_restarts_from_the_seed()
    {
        var stream = new SyntheticClickstream(Small(1_000));
        Assert.Equal(stream.ToList(), stream.ToList());
    }

    [Fact]
    public void Event_ids_are_unique_and_times_non_decreasing_from_the_start_time()
    {
        var options = Small();
        var events = new SyntheticClickstream(options).ToList();

        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        Assert.True(events[0].EventTime >= options.StartTime.ToUnixTimeMilliseconds());
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].EventTime >= events[i - 1].EventTime, $"event {i} goes back in time");
        }

        // 20k events at 50/s of event time: about 400 s.
        var span = TimeSpan.FromMilliseconds(events[^1].EventTime - events[0].EventTime);
        Assert.InRange(span.TotalSeconds, 360, 440);
    }

    [Fact]
    public void Ids_stay_within_the_configured_universe()
    {
        var options = Small() with { Users = 10, Items = 30, Categories = 3 };
        var events = new SyntheticClickstream(options).ToList();
        Assert.True(events.Select(e => e.UserId).Distinct().Count() <= 10);
        Assert.True(events.Select(e => e.ItemId).Distinct().Count() <= 30);
        Assert.Equal(3, events.Select(e => e.CategoryId).Distinct().Count());
        Assert.All(events, e => Assert.NotNull(e.SessionId));
        // An item always has the same category.
        Assert.All(events.GroupBy(e => e.ItemId), g => Assert.Single(g.Select(e => e.CategoryId).Distinct()));
    }

    [Fact]
    public void Funnel_order_holds_within_every_session()
    {
        var events = new SyntheticClickstream(Small(50_000)).ToList();
        foreach (var session in events.GroupBy(e => e.SessionId))
        {
            var seen = new HashSet<(string Item, Behavior Behavior)>();
            Assert.Single(session.Select(e => e.UserId).Distinct());
            foreach (var e in session)
            {
                Behavior? required = e.Behavior switch
                {
                    Behavior.Click => Behavior.View,
                    Behavior.Cart or Behavior.Fav or Behavior.Share => Behavior.Click,
                    Behavior.Buy => Behavior.Cart,
                    _ => null,
                };
                if (required is { } r)
                {
                    Assert.True(seen.Contains((e.ItemId, r)), $"{e.Behavior} of {e.ItemId} in {e.SessionId} without an earlier {r}");
                }

                seen.Add((e.ItemId, e.Behavior));
            }
        }
    }

    [Fact]
    public void Funnel_rates_match_the_configuration()
    {
        var events = new SyntheticClickstream(Small(100_000)).ToList();
        var count = events.GroupBy(e => e.Behavior).ToDictionary(g => g.Key, g => (double)g.Count());
        var rates = FunnelRates.Default;

        Assert.InRange(count[Behavior.Click] / count[Behavior.View], rates.ClickGivenView - 0.02, rates.ClickGivenView + 0.02);
        Assert.InRange(count[Behavior.Cart] / count[Behavior.Click], rates.CartGivenClick - 0.03, rates.CartGivenClick + 0.03);
        Assert.InRange(count[Behavior.Buy] / count[Behavior.Cart], rates.BuyGivenCart - 0.05, rates.BuyGivenCart + 0.05);
    }

    [Fact]
    public void Item_popularity_follows_the_zipf_exponent()
    {
        foreach (var exponent in new[] { 0.8, 1.2 })
        {
            var options = Small(100_000) with { ItemPopularityExponent = exponent, PreferredCategoryProbability = 0, Items = 2_000 };
            var counts = new SyntheticClickstream(options)
                .Where(e => e.Behavior == Behavior.View)
                .GroupBy(e => e.ItemId)
                .Select(g => (double)g.Count())
                .OrderDescending()
                .Take(30)
                .ToArray();

            var slope = LogLogSlope(counts);
            Assert.InRange(-slope, exponent - 0.2, exponent + 0.2);
        }
    }

    [Fact]
    public void Drift_after_n_events_changes_popularity_funnel_and_category_preference()
    {
        const int DriftAt = 60_000;
        var options = Small(120_000) with
        {
            Users = 300,
            Drift = new ConceptDrift { AfterEvents = DriftAt, PopularityRankShift = 500 },
        };
        var events = new SyntheticClickstream(options).ToList();
        // Skip the transition: sessions started before the drift finish their current item under the old funnel.
        var before = events.Take(DriftAt).ToList();
        var after = events.Skip(DriftAt + 2_000).ToList();

        var topBefore = TopItems(before, 20);
        var topAfter = TopItems(after, 20);
        Assert.True(topBefore.Intersect(topAfter).Count() <= 3, "popular items should change after the rank rotation");

        Assert.InRange(ClickRate(before), 0.27, 0.33);
        Assert.InRange(ClickRate(after), 0.12, 0.18);

        // Each user's favourite category before the drift loses most of its share afterwards.
        var favourite = before.GroupBy(e => e.UserId)
            .ToDictionary(g => g.Key, g => g.GroupBy(e => e.CategoryId).MaxBy(c => c.Count())!.Key);
        Assert.True(ShareInCategory(before, favourite) > 0.4);
        Assert.True(ShareInCategory(after, favourite) < 0.15);
    }

    [Fact]
    public void Drift_at_event_time_switches_behaviour_at_that_time()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var driftTime = start.AddMinutes(5);
        var options = Small(40_000) with
        {
            StartTime = start,
            Funnel = FunnelRates.Default with { ClickGivenView = 1 },
            Drift = new ConceptDrift { AtEventTime = driftTime, Funnel = FunnelRates.Default with { ClickGivenView = 0 } },
        };
        var events = new SyntheticClickstream(options).ToList();
        var driftMillis = driftTime.ToUnixTimeMilliseconds();

        var before = events.Where(e => e.EventTime < driftMillis).ToList();
        var settled = events.Where(e => e.EventTime >= driftMillis + 60_000).ToList();
        Assert.NotEmpty(settled);
        var viewsBefore = before.Count(e => e.Behavior == Behavior.View);
        Assert.InRange(before.Count(e => e.Behavior == Behavior.Click), viewsBefore - 50, viewsBefore);
        Assert.DoesNotContain(settled, e => e.Behavior != Behavior.View);
    }

    [Fact]
    public void Out_of_order_fraction_produces_bounded_late_events()
    {
        var options = Small() with { OutOfOrderFraction = 0.1, MaxLateness = TimeSpan.FromSeconds(10) };
        var events = new SyntheticClickstream(options).ToList();
        var maxSoFar = long.MinValue;
        var late = 0;
        foreach (var e in events)
        {
            if (e.EventTime < maxSoFar)
            {
                late++;
                Assert.True(maxSoFar - e.EventTime <= 10_000 + 1_000, "lateness beyond the configured bound");
            }

            maxSoFar = Math.Max(maxSoFar, e.EventTime);
        }

        Assert.InRange(late / (double)events.Count, 0.05, 0.12);
    }

    [Fact]
    public void Endless_stream_is_lazy()
    {
        var events = new SyntheticClickstream(new SyntheticClickstreamOptions()).Take(100).ToList();
        Assert.Equal(100, events.Count);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticClickstream(new SyntheticClickstreamOptions { Users = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticClickstream(new SyntheticClickstreamOptions { Funnel = FunnelRates.Default with { BuyGivenCart = 1.5 } }));
        Assert.Throws<ArgumentException>(() => new SyntheticClickstream(new SyntheticClickstreamOptions { Drift = new ConceptDrift() }));
    }

    private static double LogLogSlope(double[] countsByRank)
    {
        var xs = Enumerable.Range(1, countsByRank.Length).Select(r => Math.Log(r)).ToArray();
        var ys = countsByRank.Select(c => Math.Log(c)).ToArray();
        var mx = xs.Average();
        var my = ys.Average();
        var cov = xs.Zip(ys, (x, y) => (x - mx) * (y - my)).Sum();
        var variance = xs.Sum(x => (x - mx) * (x - mx));
        return cov / variance;
    }

    private static HashSet<string> TopItems(List<ClickEvent> events, int n) =>
        events.GroupBy(e => e.ItemId).OrderByDescending(g => g.Count()).Take(n).Select(g => g.Key).ToHashSet();

    private static double ClickRate(List<ClickEvent> events) =>
        events.Count(e => e.Behavior == Behavior.Click) / (double)events.Count(e => e.Behavior == Behavior.View);

    private static double ShareInCategory(List<ClickEvent> events, Dictionary<string, string> favourite)
    {
        var relevant = events.Where(e => favourite.ContainsKey(e.UserId)).ToList();
        return relevant.Count(e => favourite[e.UserId] == e.CategoryId) / (double)relevant.Count;
    }
}
