using StreamReco.Features.Aggregates;
using StreamReco.Schemas.Contracts;
using static StreamReco.Features.Tests.Times;

namespace StreamReco.Features.Tests;

/// <summary>As-of counts checked against a brute-force count over the raw events, with the documented window bounds.</summary>
public sealed class AsOfOracleTests
{
    private static readonly (long Size, long Granularity)[] Windows =
        [(Hours(1), Minutes(1)), (Days(1), Hours(1)), (Days(7), Hours(1))];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void With_all_events_exact_every_as_of_count_matches_the_oracle(int seed)
    {
        var random = new Random(seed);
        var events = RandomEvents(random, 200, T0, Days(3));
        var aggregate = new UserAggregate("u");
        foreach (var e in events)
        {
            aggregate.Add(e.Time, e.Behavior, "c");
        }

        for (var q = 0; q < 200; q++)
        {
            var asOf = T0 - Hours(2) + random.NextInt64(Days(3) + Hours(4));
            var features = aggregate.FeaturesAsOf(asOf);
            if (!events.Any(e => e.Time <= asOf))
            {
                Assert.Null(features);
                continue;
            }

            Assert.Equal(Oracle(events, asOf, Windows[0]), features!.Counts1h);
            Assert.Equal(Oracle(events, asOf, Windows[1]), features.Counts24h);
            Assert.Equal(Oracle(events, asOf, Windows[2]), features.Counts7d);
            Assert.Equal(events.Where(e => e.Time <= asOf).Max(e => e.Time), features.LastEventTime);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void With_a_tiny_exact_tail_counts_never_exceed_the_oracle_and_are_exact_at_minute_ends(int seed)
    {
        var random = new Random(seed);
        var events = RandomEvents(random, 600, T0, Hours(2));
        var aggregate = new UserAggregate("u", new AggregateOptions { MaxExactEvents = 4 });
        foreach (var e in events)
        {
            aggregate.Add(e.Time, e.Behavior, "c");
        }

        var newest = events.Max(e => e.Time);
        for (var q = 0; q < 200; q++)
        {
            var asOf = newest - random.NextInt64(Hours(1));
            var features = aggregate.FeaturesAsOf(asOf)!;
            AssertAtMost(Oracle(events, asOf, Windows[0]), features.Counts1h);
            AssertAtMost(Oracle(events, asOf, Windows[1]), features.Counts24h);
            AssertAtMost(Oracle(events, asOf, Windows[2]), features.Counts7d);

            // At the last millisecond of a minute no partial bucket is needed: exact from the buckets alone.
            var minuteEnd = ((asOf / Minutes(1)) * Minutes(1)) - 1;
            var atMinuteEnd = aggregate.FeaturesAsOf(minuteEnd)!;
            Assert.Equal(Oracle(events, minuteEnd, Windows[0]), atMinuteEnd.Counts1h);
            Assert.Equal(Oracle(events, minuteEnd, Windows[1]), atMinuteEnd.Counts24h);
            Assert.Equal(Oracle(events, minuteEnd, Windows[2]), atMinuteEnd.Counts7d);
        }
    }

    private static List<(long Time, Behavior Behavior)> RandomEvents(Random random, int count, long start, long span) =>
        [.. Enumerable.Range(0, count).Select(_ => (start + random.NextInt64(span), (Behavior)random.Next(6)))];

    private static BehaviorCounts Oracle(List<(long Time, Behavior Behavior)> events, long asOf, (long Size, long Granularity) window)
    {
        var from = (Math.Floor((double)asOf / window.Granularity) * window.Granularity) + window.Granularity - window.Size;
        var counts = new long[6];
        foreach (var e in events)
        {
            if (e.Time >= from && e.Time <= asOf)
            {
                counts[(int)e.Behavior]++;
            }
        }

        return new BehaviorCounts(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
    }

    private static void AssertAtMost(BehaviorCounts oracle, BehaviorCounts actual)
    {
        Assert.True(
            actual.View <= oracle.View && actual.Click <= oracle.Click && actual.Cart <= oracle.Cart
                && actual.Fav <= oracle.Fav && actual.Share <= oracle.Share && actual.Buy <= oracle.Buy,
            "counted " + actual + " but only " + oracle + " events are at or before the as-of time");
    }
}
