using StreamReco.Features.Aggregates;
using StreamReco.Schemas.Contracts;
using static StreamReco.Features.Tests.Times;

namespace StreamReco.Features.Tests;

public sealed class UserAggregateTests
{
    private const string User = "u1";

    [Fact]
    public void One_hour_window_starts_at_the_minute_bucket_boundary_after_t_minus_one_hour()
    {
        var asOf = T0 + Hours(11) + Minutes(10) + Seconds(20);
        var firstIncluded = T0 + Hours(10) + Minutes(11);
        var aggregate = new UserAggregate(User);
        aggregate.Add(firstIncluded - 1, Behavior.View, "c1");
        aggregate.Add(firstIncluded, Behavior.Click, "c1");
        aggregate.Add(asOf, Behavior.Buy, "c1");

        var features = aggregate.FeaturesAsOf(asOf)!;

        Assert.Equal(new BehaviorCounts(0, 1, 0, 0, 0, 1), features.Counts1h);
        Assert.Equal(new BehaviorCounts(1, 1, 0, 0, 0, 1), features.Counts24h);
    }

    [Fact]
    public void Day_and_week_windows_start_at_the_hour_bucket_boundary()
    {
        var asOf = T0 + Hours(11) + Minutes(10);
        var dayStart = T0 - Hours(12);
        var weekStart = T0 + Hours(12) - Days(7);
        var aggregate = new UserAggregate(User);
        aggregate.Add(weekStart - 1, Behavior.Fav, "c1");
        aggregate.Add(weekStart, Behavior.Share, "c1");
        aggregate.Add(dayStart - 1, Behavior.Cart, "c1");
        aggregate.Add(dayStart, Behavior.View, "c1");
        aggregate.Add(asOf, Behavior.View, "c1");

        var features = aggregate.FeaturesAsOf(asOf)!;

        Assert.Equal(new BehaviorCounts(2, 0, 0, 0, 0, 0), features.Counts24h);
        Assert.Equal(new BehaviorCounts(2, 0, 1, 0, 1, 0), features.Counts7d);
    }

    [Fact]
    public void As_of_query_ignores_events_after_t_even_within_the_same_minute()
    {
        var aggregate = new UserAggregate(User);
        aggregate.Add(T0 + Hours(1), Behavior.View, "c1");
        aggregate.Add(T0 + Hours(1) + Seconds(20), Behavior.Buy, "c2");
        aggregate.Add(T0 + Hours(1) + Seconds(10), Behavior.Click, "c2");

        var atClick = aggregate.FeaturesAsOf(T0 + Hours(1) + Seconds(10))!;
        var beforeClick = aggregate.FeaturesAsOf(T0 + Hours(1) + Seconds(10) - 1)!;

        Assert.Equal(new BehaviorCounts(1, 1, 0, 0, 0, 0), atClick.Counts1h);
        Assert.Equal(new BehaviorCounts(1, 1, 0, 0, 0, 0), atClick.Counts7d);
        Assert.Equal(T0 + Hours(1) + Seconds(10), atClick.LastEventTime);
        Assert.Equal(10.0, atClick.SecondsSincePreviousEvent);
        Assert.Equal([new CategoryShare("c1", 0.5), new CategoryShare("c2", 0.5)], atClick.TopCategories);
        Assert.Equal(1, atClick.MonetaryScore);

        Assert.Equal(new BehaviorCounts(1, 0, 0, 0, 0, 0), beforeClick.Counts1h);
        Assert.Equal(-1.0, beforeClick.SecondsSincePreviousEvent);
        Assert.Equal([new CategoryShare("c1", 1.0)], beforeClick.TopCategories);
        Assert.Null(aggregate.FeaturesAsOf(T0 + Hours(1) - 1));
    }

    [Fact]
    public void As_of_query_after_a_later_hour_only_counts_whole_buckets_up_to_t()
    {
        var aggregate = new UserAggregate(User);
        for (var minute = 0; minute < 120; minute += 10)
        {
            aggregate.Add(T0 + Minutes(minute) + Seconds(30), Behavior.View, "c1");
        }

        // Events at 0:00:30, 0:10:30 ... 1:50:30; as of 1:20:30 the 24h window holds 0:00:30 .. 1:20:30 = 9 events.
        var features = aggregate.FeaturesAsOf(T0 + Minutes(80) + Seconds(30))!;

        Assert.Equal(9, features.Counts24h.View);
        Assert.Equal(6, features.Counts1h.View); // 0:21 .. 1:20:30 holds 0:30:30, 0:40:30 ... 1:20:30
        Assert.Equal(T0 + Minutes(80) + Seconds(30), features.LastEventTime);
        Assert.Equal(600.0, features.SecondsSincePreviousEvent);
    }

    [Fact]
    public void Folding_order_does_not_change_the_features()
    {
        var events = new List<(long Time, Behavior Behavior, string Category)>();
        var random = new Random(42);
        for (var i = 0; i < 400; i++)
        {
            events.Add((T0 + random.NextInt64(Hours(30)), (Behavior)random.Next(6), "c" + random.Next(5)));
        }

        var inOrder = new UserAggregate(User);
        foreach (var e in events.OrderBy(e => e.Time))
        {
            inOrder.Add(e.Time, e.Behavior, e.Category);
        }

        var shuffled = new UserAggregate(User);
        foreach (var e in events)
        {
            shuffled.Add(e.Time, e.Behavior, e.Category);
        }

        Assert.Equal(inOrder.LastEventTime, shuffled.LastEventTime);
        foreach (var asOf in new[] { T0 + Hours(30), T0 + Hours(29) + Seconds(1), T0 + Hours(28) + 17 })
        {
            FeatureAssert.Equal(inOrder.FeaturesAsOf(asOf), shuffled.FeaturesAsOf(asOf));
        }
    }

    [Fact]
    public void As_of_equals_a_fresh_aggregate_of_only_the_events_up_to_t()
    {
        var random = new Random(7);
        var events = Enumerable.Range(0, 300)
            .Select(_ => (Time: T0 + random.NextInt64(Hours(3)), Behavior: (Behavior)random.Next(6), Category: "c" + random.Next(3)))
            .ToList();
        var everything = new UserAggregate(User);
        foreach (var e in events)
        {
            everything.Add(e.Time, e.Behavior, e.Category);
        }

        var asOf = T0 + Hours(2) + Minutes(17) + Seconds(3);
        var onlyPast = new UserAggregate(User);
        foreach (var e in events.Where(e => e.Time <= asOf))
        {
            onlyPast.Add(e.Time, e.Behavior, e.Category);
        }

        FeatureAssert.Equal(onlyPast.FeaturesAsOf(asOf), everything.FeaturesAsOf(asOf));
    }

    [Fact]
    public void Overflowing_exact_tail_undercounts_the_partial_minute_but_never_leaks()
    {
        var aggregate = new UserAggregate(User, new AggregateOptions { MaxExactEvents = 4 });
        for (var i = 0; i < 10; i++)
        {
            aggregate.Add(T0 + Seconds(i), Behavior.View, "c1");
        }

        // Only 0:00:06 .. 0:00:09 are still exact; of the 8 events <= 0:00:07 the two kept ones are counted.
        var midMinute = aggregate.FeaturesAsOf(T0 + Seconds(7))!;
        Assert.Equal(2, midMinute.Counts1h.View);
        Assert.Equal(T0 + Seconds(7), midMinute.LastEventTime);
        Assert.Equal(1.0, midMinute.SecondsSincePreviousEvent);

        // Once the minute is complete its bucket is used: exact again.
        var afterMinute = aggregate.FeaturesAsOf(T0 + Minutes(1) + Seconds(5))!;
        Assert.Equal(10, afterMinute.Counts1h.View);
        Assert.Equal(10, afterMinute.Counts7d.View);
        Assert.Equal(T0 + Seconds(9), afterMinute.LastEventTime);
    }

    [Fact]
    public void Last_and_previous_event_stay_exact_just_past_the_forgotten_events()
    {
        var aggregate = new UserAggregate(User, new AggregateOptions { MaxExactEvents = 2 });
        aggregate.Add(T0, Behavior.View, "c1");
        aggregate.Add(T0 + Seconds(5), Behavior.View, "c1");
        aggregate.Add(T0 + Seconds(20), Behavior.View, "c1");
        aggregate.Add(T0 + Seconds(30), Behavior.View, "c1");

        var features = aggregate.FeaturesAsOf(T0 + Seconds(10))!;

        Assert.Equal(T0 + Seconds(5), features.LastEventTime);
        Assert.Equal(5.0, features.SecondsSincePreviousEvent);
    }

    [Fact]
    public void Sessions_split_at_a_gap_of_thirty_minutes_and_out_of_order_events_bridge_them()
    {
        var aggregate = new UserAggregate(User);
        aggregate.Add(T0, Behavior.View, "c1");
        aggregate.Add(T0 + Minutes(29), Behavior.View, "c1");
        aggregate.Add(T0 + Minutes(59), Behavior.View, "c1");  // exactly 30 min later: new session
        aggregate.Add(T0 + Minutes(120), Behavior.View, "c1");
        aggregate.Add(T0 + Minutes(90), Behavior.View, "c1");  // 31 and 30 min from its neighbours: its own session
        Assert.Equal(4, aggregate.FeaturesAsOf(T0 + Minutes(120))!.SessionCount7d);

        aggregate.Add(T0 + Minutes(80), Behavior.View, "c1");  // joins 0:59 and bridges to 1:30; 2:00 stays apart

        Assert.Equal(3, aggregate.FeaturesAsOf(T0 + Minutes(120))!.SessionCount7d);
        Assert.Equal(2, aggregate.FeaturesAsOf(T0 + Minutes(60))!.SessionCount7d);
        Assert.Equal(1, aggregate.FeaturesAsOf(T0 + Minutes(30))!.SessionCount7d);
    }

    [Fact]
    public void Sessions_that_ended_seven_days_ago_drop_out_of_the_count()
    {
        var aggregate = new UserAggregate(User);
        aggregate.Add(T0, Behavior.View, "c1");
        aggregate.Add(T0 + Days(3), Behavior.View, "c1");

        Assert.Equal(2, aggregate.FeaturesAsOf(T0 + Days(7) - 1)!.SessionCount7d);
        Assert.Equal(1, aggregate.FeaturesAsOf(T0 + Days(7))!.SessionCount7d);
    }

    [Fact]
    public void Top_categories_are_largest_first_with_shares_of_all_seven_day_events()
    {
        var aggregate = new UserAggregate(User, new AggregateOptions { TopCategoryCount = 2 });
        var t = T0 + Hours(5);
        foreach (var category in new[] { "c3", "c1", "c2", "c1", "c2", "c1" })
        {
            aggregate.Add(t, Behavior.View, category);
            t += Minutes(1);
        }

        var features = aggregate.Current()!;

        Assert.Equal([new CategoryShare("c1", 0.5), new CategoryShare("c2", 2 / 6.0)], features.TopCategories);
    }

    [Fact]
    public void Top_category_ties_are_ordered_by_id()
    {
        var aggregate = new UserAggregate(User);
        aggregate.Add(T0, Behavior.View, "b");
        aggregate.Add(T0 + 1, Behavior.View, "a");

        Assert.Equal([new CategoryShare("a", 0.5), new CategoryShare("b", 0.5)], aggregate.Current()!.TopCategories);
    }

    [Fact]
    public void Category_memory_is_bounded_and_shares_never_sum_above_one()
    {
        var options = new AggregateOptions { MaxTrackedCategories = 3, TopCategoryCount = 3, MaxExactEvents = 8 };
        var aggregate = new UserAggregate(User, options);
        var random = new Random(3);
        for (var i = 0; i < 500; i++)
        {
            var time = T0 + random.NextInt64(Days(2));
            aggregate.Add(time, Behavior.View, "c" + Math.Min(random.Next(12), random.Next(12)));
            var features = aggregate.FeaturesAsOf(time)!;

            Assert.True(features.TopCategories.Count <= 3);
            Assert.True(features.TopCategories.Sum(c => c.Share) <= 1.0 + 1e-12);
            Assert.All(features.TopCategories, c => Assert.InRange(c.Share, double.Epsilon, 1.0));
        }

        var restored = UserAggregate.FromBytes(aggregate.ToBytes(), options);
        FeatureAssert.Equal(aggregate.Current(), restored.Current());
    }

    [Fact]
    public void Rfm_and_segment_follow_the_documented_thresholds_as_time_passes()
    {
        var aggregate = new UserAggregate(User);
        for (var i = 0; i < 20; i++)
        {
            aggregate.Add(T0 + Minutes(i), i < 2 ? Behavior.Buy : Behavior.View, "c1");
        }

        var last = T0 + Minutes(19);
        AssertRfm(aggregate.FeaturesAsOf(last)!, 5, 4, 3, UserSegment.Core);
        AssertRfm(aggregate.FeaturesAsOf(last + Days(2))!, 3, 4, 3, UserSegment.Active);
        AssertRfm(aggregate.FeaturesAsOf(last + Days(5))!, 2, 4, 3, UserSegment.Normal);

        var churned = aggregate.FeaturesAsOf(last + Days(8))!;
        AssertRfm(churned, 1, 1, 1, UserSegment.Churned);
        Assert.Equal(BehaviorCounts.Zero, churned.Counts7d);
        Assert.Equal(last, churned.LastEventTime);
    }

    [Fact]
    public void Serialisation_round_trips_the_whole_state()
    {
        var options = new AggregateOptions { MaxExactEvents = 16 };
        var aggregate = new UserAggregate(User, options);
        var random = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            aggregate.Add(T0 + random.NextInt64(Days(3)), (Behavior)random.Next(6), "cat-" + random.Next(20));
        }

        var bytes = aggregate.ToBytes();
        var restored = UserAggregate.FromBytes(bytes, options);

        Assert.Equal(bytes, restored.ToBytes());
        Assert.Equal(aggregate.LastEventTime, restored.LastEventTime);
        foreach (var asOf in new[] { aggregate.LastEventTime, aggregate.LastEventTime - Minutes(7) - 3, T0 + Days(1) })
        {
            FeatureAssert.Equal(aggregate.FeaturesAsOf(asOf), restored.FeaturesAsOf(asOf));
        }
    }

    [Fact]
    public void Serialised_state_is_compact()
    {
        var aggregate = new UserAggregate("user-000123");
        aggregate.Add(T0, Behavior.View, "cat-42");

        Assert.True(aggregate.ToBytes().Length < 120, "one event took " + aggregate.ToBytes().Length + " bytes");
    }

    [Fact]
    public void Corrupt_state_bytes_are_rejected_with_a_clear_error()
    {
        var aggregate = new UserAggregate(User);
        aggregate.Add(T0, Behavior.View, "c1");
        var bytes = aggregate.ToBytes();

        Assert.Throws<InvalidDataException>(() => UserAggregate.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<InvalidDataException>(() => UserAggregate.FromBytes([.. bytes, 0]));
        Assert.Throws<InvalidDataException>(() => UserAggregate.FromBytes([(byte)'I', .. bytes.AsSpan(1)]));
        Assert.Throws<InvalidDataException>(() => UserAggregate.FromBytes([]));
    }

    [Fact]
    public void Month_of_activity_keeps_state_bounded_and_windows_exact()
    {
        var aggregate = new UserAggregate(User);
        var events = 30 * 24 * 6;
        for (var k = 0; k < events; k++)
        {
            aggregate.Add(T0 + Minutes(10 * k), Behavior.View, "c" + (k % 4));
        }

        var features = aggregate.Current()!;

        // Last event 719:50; 7d window from 552:00, 24h from 696:00, 1h from 718:51.
        Assert.Equal(1008, features.Counts7d.View);
        Assert.Equal(144, features.Counts24h.View);
        Assert.Equal(6, features.Counts1h.View);
        Assert.Equal(1, features.SessionCount7d);
        Assert.Equal(600.0, features.SecondsSincePreviousEvent);
        Assert.Equal(4, features.TopCategories.Count);
        Assert.Equal(1.0, features.TopCategories.Sum(c => c.Share), 12);
        var size = aggregate.ToBytes().Length;
        Assert.True(size < 8_000, "state grew to " + size + " bytes");
    }

    [Fact]
    public void Expire_drops_windowed_state_but_remembers_the_last_event()
    {
        var aggregate = new UserAggregate(User);
        for (var i = 0; i < 50; i++)
        {
            aggregate.Add(T0 + Minutes(i), Behavior.View, "c" + i);
        }

        var before = aggregate.ToBytes().Length;
        aggregate.Expire(T0 + Days(30));
        var features = aggregate.FeaturesAsOf(T0 + Days(30))!;

        Assert.True(aggregate.ToBytes().Length < before / 4);
        Assert.Equal(T0 + Minutes(49), features.LastEventTime);
        Assert.Equal(60.0, features.SecondsSincePreviousEvent);
        Assert.Equal(UserSegment.Churned, features.Segment);
        Assert.Empty(features.TopCategories);
    }

    [Fact]
    public void Events_of_another_user_or_without_category_are_rejected()
    {
        var aggregate = new UserAggregate(User);

        Assert.Throws<ArgumentException>(() => aggregate.Add(Click("u2", "i1", Behavior.View, T0)));
        Assert.Throws<ArgumentException>(() => aggregate.Add(T0, Behavior.View, string.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => aggregate.Add(T0, (Behavior)17, "c1"));
        Assert.True(aggregate.IsEmpty);
    }

    private static void AssertRfm(UserFeatures features, int recency, int frequency, int monetary, UserSegment segment)
    {
        Assert.Equal(
            (recency, frequency, monetary, segment),
            (features.RecencyScore, features.FrequencyScore, features.MonetaryScore, features.Segment));
    }
}
