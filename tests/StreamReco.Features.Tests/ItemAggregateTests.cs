using StreamReco.Features.Aggregates;
using StreamReco.Schemas.Contracts;
using static StreamReco.Features.Tests.Times;

namespace StreamReco.Features.Tests;

public sealed class ItemAggregateTests
{
    private const string Item = "i1";

    [Fact]
    public void Popularity_and_laplace_smoothed_conversion_rates_over_one_hour_of_events()
    {
        var aggregate = new ItemAggregate(Item);
        var t = T0 + Hours(3);
        AddMany(aggregate, Behavior.View, 10, ref t);
        AddMany(aggregate, Behavior.Click, 3, ref t);
        AddMany(aggregate, Behavior.Cart, 1, ref t);
        AddMany(aggregate, Behavior.Buy, 1, ref t);

        var features = aggregate.Current()!;

        Assert.Equal(15, features.Popularity1h);
        Assert.Equal(15, features.Popularity24h);
        Assert.Equal(15, features.Popularity7d);
        Assert.Equal(10, features.Views24h);
        Assert.Equal(4 / 12.0, features.ClickRate24h);
        Assert.Equal(2 / 12.0, features.CartRate24h);
        Assert.Equal(2 / 12.0, features.BuyRate24h);
        Assert.Equal(16 / ((15 / 24.0) + 1), features.TrendingScore);
        Assert.Equal(T0 + Hours(3), features.FirstSeen);
        Assert.Equal("c1", features.CategoryId);
    }

    [Fact]
    public void Unseen_item_rates_are_the_laplace_prior()
    {
        Assert.Equal(0.5, ItemAggregate.ConversionRate(0, 0));
        Assert.Equal(1.0, ItemAggregate.TrendingScore(0, 0));
    }

    [Fact]
    public void Steady_traffic_has_trending_score_one_and_a_burst_raises_it()
    {
        var aggregate = new ItemAggregate(Item);
        for (var hour = 0; hour < 24; hour++)
        {
            aggregate.Add(T0 + Hours(hour) + Minutes(30), Behavior.View, "c1");
        }

        var steady = aggregate.FeaturesAsOf(T0 + Hours(23) + Minutes(30))!;
        Assert.Equal(1, steady.Popularity1h);
        Assert.Equal(24, steady.Popularity24h);
        Assert.Equal(1.0, steady.TrendingScore);

        for (var i = 0; i < 11; i++)
        {
            aggregate.Add(T0 + Hours(23) + Minutes(20) + i, Behavior.View, "c1");
        }

        var burst = aggregate.FeaturesAsOf(T0 + Hours(23) + Minutes(30))!;
        Assert.Equal(12, burst.Popularity1h);
        Assert.Equal(35, burst.Popularity24h);
        Assert.Equal(13 / ((35 / 24.0) + 1), burst.TrendingScore);
        Assert.True(burst.TrendingScore > 1);
    }

    [Fact]
    public void First_seen_moves_back_for_an_out_of_order_event_and_as_of_before_it_is_null()
    {
        var aggregate = new ItemAggregate(Item);
        aggregate.Add(T0 + Hours(2), Behavior.View, "c1");
        aggregate.Add(T0 + Hours(1), Behavior.View, "c1");

        Assert.Equal(T0 + Hours(1), aggregate.FirstSeen);
        Assert.Equal(T0 + Hours(1), aggregate.FeaturesAsOf(T0 + Hours(1) + Minutes(30))!.FirstSeen);
        Assert.Equal(1, aggregate.FeaturesAsOf(T0 + Hours(1) + Minutes(30))!.Popularity24h);
        Assert.Null(aggregate.FeaturesAsOf(T0 + Hours(1) - 1));
    }

    [Fact]
    public void As_of_conversion_ignores_later_buys()
    {
        var aggregate = new ItemAggregate(Item);
        aggregate.Add(T0 + Seconds(10), Behavior.View, "c1");
        aggregate.Add(T0 + Seconds(30), Behavior.Buy, "c1");
        aggregate.Add(T0 + Seconds(20), Behavior.Click, "c1");

        var features = aggregate.FeaturesAsOf(T0 + Seconds(25))!;

        Assert.Equal(2, features.Popularity1h);
        Assert.Equal(2 / 3.0, features.ClickRate24h);
        Assert.Equal(1 / 3.0, features.BuyRate24h);
    }

    [Fact]
    public void Category_is_that_of_the_latest_event_up_to_t()
    {
        var aggregate = new ItemAggregate(Item);
        aggregate.Add(T0, Behavior.View, "old");
        aggregate.Add(T0 + Minutes(10), Behavior.View, "new");
        aggregate.Add(T0 + Minutes(5), Behavior.View, "middle");

        Assert.Equal("new", aggregate.CategoryId);
        Assert.Equal("middle", aggregate.FeaturesAsOf(T0 + Minutes(7))!.CategoryId);
        Assert.Equal("old", aggregate.FeaturesAsOf(T0 + Minutes(1))!.CategoryId);
    }

    [Fact]
    public void Popularity_windows_drop_old_events_at_their_bucket_boundaries()
    {
        var aggregate = new ItemAggregate(Item);
        aggregate.Add(T0, Behavior.View, "c1");
        aggregate.Add(T0 + Days(2), Behavior.View, "c1");
        aggregate.Add(T0 + Days(8), Behavior.View, "c1");

        var features = aggregate.Current()!;

        Assert.Equal(1, features.Popularity1h);
        Assert.Equal(1, features.Popularity24h);
        Assert.Equal(2, features.Popularity7d);
        Assert.Equal(T0, features.FirstSeen);
    }

    [Fact]
    public void Serialisation_round_trips_and_rejects_garbage()
    {
        var options = new AggregateOptions { MaxExactEvents = 32 };
        var aggregate = new ItemAggregate(Item, options);
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            aggregate.Add(T0 + random.NextInt64(Days(9)), (Behavior)random.Next(6), "c" + random.Next(2));
        }

        var bytes = aggregate.ToBytes();
        var restored = ItemAggregate.FromBytes(bytes, options);

        Assert.Equal(bytes, restored.ToBytes());
        Assert.Equal(aggregate.FirstSeen, restored.FirstSeen);
        foreach (var asOf in new[] { aggregate.LastEventTime, aggregate.LastEventTime - Hours(1) - 17 })
        {
            Assert.Equal(aggregate.FeaturesAsOf(asOf), restored.FeaturesAsOf(asOf));
        }

        Assert.Throws<InvalidDataException>(() => ItemAggregate.FromBytes(bytes.AsSpan(0, bytes.Length / 2)));
        Assert.Throws<InvalidDataException>(() => ItemAggregate.FromBytes([(byte)'U', .. bytes.AsSpan(1)]));
    }

    [Fact]
    public void Hot_item_state_stays_bounded()
    {
        var aggregate = new ItemAggregate(Item);
        for (var k = 0; k < 20_000; k++)
        {
            aggregate.Add(T0 + (k * Seconds(45)), (Behavior)(k % 6), "c1");
        }

        // 20 000 events 45 s apart span ~10.4 days; the 7d window still counts exactly.
        var last = T0 + (19_999 * Seconds(45));
        var from = ((last / Hours(1)) * Hours(1)) + Hours(1) - Days(7);
        var expected7d = Enumerable.Range(0, 20_000).Count(k => T0 + (k * Seconds(45)) >= from);
        var features = aggregate.Current()!;

        Assert.Equal(expected7d, features.Popularity7d);
        Assert.True(aggregate.ToBytes().Length < 6_000, "state grew to " + aggregate.ToBytes().Length + " bytes");
    }

    private static void AddMany(ItemAggregate aggregate, Behavior behavior, int count, ref long time)
    {
        for (var i = 0; i < count; i++)
        {
            aggregate.Add(time, behavior, "c1");
            time += Seconds(30);
        }
    }
}
