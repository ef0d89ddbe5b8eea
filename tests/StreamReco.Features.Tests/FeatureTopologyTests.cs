using Microsoft.Extensions.Time.Testing;
using StreamReco.Features.Aggregates;
using StreamReco.Features.Processing;
using StreamReco.Features.Snapshots;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.State;
using StreamReco.Streams.Testing;
using static StreamReco.Features.Tests.Times;

namespace StreamReco.Features.Tests;

/// <summary>
/// The feature topology on the in-process driver. All tests that route late events live in this class (run sequentially),
/// so deltas of the process-wide late counter are exact.
/// </summary>
public sealed class FeatureTopologyTests : IDisposable
{
    private static readonly ISerde<ClickEvent> ClickSerde = Serdes.FromCodec(Codecs.ClickEvent);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(T0 + Days(30)));
    private readonly FeatureTopologyOptions _options;
    private readonly TopologyTestDriver _driver;
    private readonly TestInputTopic<string, ClickEvent> _clicks;
    private readonly TestOutputTopic<string, UserFeatures> _userFeatures;
    private readonly TestOutputTopic<string, ItemFeatures> _itemFeatures;
    private readonly TestOutputTopic<string, ClickEvent> _late;

    public FeatureTopologyTests()
    {
        _options = new FeatureTopologyOptions { PersistentStores = false, TimeProvider = _clock };
        _driver = new TopologyTestDriver(FeatureTopology.Build(_options), new TopologyTestDriverOptions { TimeProvider = _clock });
        _clicks = _driver.CreateInputTopic(TopicNames.Clicks, Serdes.String, ClickSerde);
        _userFeatures = _driver.CreateOutputTopic(TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures));
        _itemFeatures = _driver.CreateOutputTopic(TopicNames.ItemFeatures, Serdes.String, Serdes.FromCodec(Codecs.ItemFeatures));
        _late = _driver.CreateOutputTopic(TopicNames.LateEvents, Serdes.String, ClickSerde);
    }

    public void Dispose() => _driver.Dispose();

    [Fact]
    public void Each_click_emits_the_users_features_as_an_avro_record_keyed_by_user()
    {
        var events = new[]
        {
            Click("u1", "i1", Behavior.View, T0 + Minutes(1), "c1"),
            Click("u1", "i2", Behavior.Click, T0 + Minutes(2), "c2"),
            Click("u1", "i2", Behavior.Buy, T0 + Minutes(3), "c2"),
        };
        Pipe(events);

        var raw = _driver.CreateOutputTopic(TopicNames.UserFeatures, Serdes.String, Serdes.ByteArray).ReadRecordsToList();
        var records = _userFeatures.ReadRecordsToList();

        Assert.Equal(3, records.Count);
        Assert.All(raw, r => Assert.Equal([0xC3, 0x01], r.Value.AsSpan(0, 2).ToArray()));
        Assert.All(records, r => Assert.Equal("u1", r.Key));
        Assert.Equal([T0 + Minutes(1), T0 + Minutes(2), T0 + Minutes(3)], records.Select(r => r.TimestampMs));
        var expected = new UserAggregate("u1", _options.EffectiveAggregates);
        foreach (var e in events)
        {
            expected.Add(e);
        }

        var last = records[^1].Value;
        FeatureAssert.Equal(expected.Current(), last);
        Assert.Equal(new BehaviorCounts(1, 1, 0, 0, 0, 1), last.Counts1h);
        Assert.Equal([new CategoryShare("c2", 2 / 3.0), new CategoryShare("c1", 1 / 3.0)], last.TopCategories);
        Assert.Equal(60.0, last.SecondsSincePreviousEvent);
        Assert.True(_late.IsEmpty);
    }

    [Fact]
    public void Item_features_are_aggregated_per_item_across_users_through_the_repartition()
    {
        Pipe(
            Click("u1", "i1", Behavior.View, T0 + Minutes(1)),
            Click("u2", "i1", Behavior.View, T0 + Minutes(2)),
            Click("u2", "i1", Behavior.Buy, T0 + Minutes(3)),
            Click("u3", "i9", Behavior.View, T0 + Minutes(4), "c9"));

        var latest = _itemFeatures.ReadKeyValuesToMap();

        Assert.Equal(["i1", "i9"], latest.Keys.Order());
        var i1 = latest["i1"];
        Assert.Equal(new ItemFeatures("i1", "c1", T0 + Minutes(3), T0 + Minutes(1), 3, 3, 3, 2, 1 / 4.0, 1 / 4.0, 2 / 4.0, 4 / ((3 / 24.0) + 1)), i1);
        Assert.Equal(1, latest["i9"].Popularity1h);
        Assert.Contains(
            _driver.RepartitionTopic(_options.ItemRepartitionName),
            FeatureTopology.Build(_options).InternalTopics(_driver.ApplicationId));
    }

    [Fact]
    public void Out_of_order_click_within_grace_is_folded_and_features_stay_as_of_the_newest_event()
    {
        Pipe(
            Click("u1", "i1", Behavior.View, T0 + Hours(2)),
            Click("u1", "i1", Behavior.Cart, T0 + Hours(1) + Minutes(30)));

        var records = _userFeatures.ReadRecordsToList();

        Assert.Equal(2, records.Count);
        var second = records[1].Value;
        Assert.Equal(T0 + Hours(2), second.AsOf);
        Assert.Equal(T0 + Hours(2), records[1].TimestampMs);
        Assert.Equal(new BehaviorCounts(1, 0, 1, 0, 0, 0), second.Counts1h);
        Assert.Equal(1800.0, second.SecondsSincePreviousEvent);
        Assert.True(_late.IsEmpty);
    }

    [Fact]
    public void Late_click_goes_to_events_late_with_headers_is_counted_and_not_folded()
    {
        var lateBefore = FeatureMetrics.LateEvents.WithLabels(LateEventHeaders.UserAggregate).Value;
        var late = Click("u2", "i1", Behavior.Buy, T0 + Minutes(54));
        Pipe(Click("u1", "i1", Behavior.View, T0 + Hours(2)), late);

        var lateRecords = _late.ReadRecordsToList();

        var routed = Assert.Single(lateRecords);
        Assert.Equal("u2", routed.Key);
        Assert.Equal(late, routed.Value);
        Assert.Equal(T0 + Minutes(54), routed.TimestampMs);
        Assert.Equal(LateEventHeaders.UserAggregate, routed.HeaderString(LateEventHeaders.Aggregate));
        Assert.Equal((T0 + Hours(2)).ToString(System.Globalization.CultureInfo.InvariantCulture), routed.HeaderString(LateEventHeaders.StreamTime));
        Assert.Equal("300000", routed.HeaderString(LateEventHeaders.GraceMs));
        Assert.Equal(1, FeatureMetrics.LateEvents.WithLabels(LateEventHeaders.UserAggregate).Value - lateBefore);

        // Not folded anywhere: no feature record for u2, item i1 saw only the on-time view.
        Assert.DoesNotContain(_userFeatures.ReadRecordsToList(), r => r.Key == "u2");
        Assert.Equal(1, _itemFeatures.ReadKeyValuesToMap()["i1"].Popularity24h);
        Assert.False(_driver.GetKeyValueStore<string, UserAggregate>(_options.UserStoreName).TryGet("u2", out _));
    }

    [Fact]
    public void Click_just_inside_the_grace_period_is_still_on_time()
    {
        Pipe(Click("u1", "i1", Behavior.View, T0 + Hours(2)), Click("u2", "i1", Behavior.Buy, T0 + Minutes(56)));

        Assert.True(_late.IsEmpty);
        Assert.Equal(2, _itemFeatures.ReadKeyValuesToMap()["i1"].Popularity24h);
    }

    [Fact]
    public void Item_task_routes_clicks_late_by_its_own_stream_time()
    {
        var lateBefore = FeatureMetrics.LateEvents.WithLabels(LateEventHeaders.ItemAggregate).Value;
        var routes = new FeatureProcessorRoutes("items", "out", "late");
        var aggregates = AggregateOptions.Default;
        var topology = new Topology()
            .AddSource("in", "by-item", Serdes.String, EnrichedClickSerde.Default, timestampExtractor: static (_, c, _) => c.Click.EventTime)
            .AddProcessor("item", () => new ItemFeatureProcessor(routes, aggregates, Windowing.LatenessGate.DefaultFeatureWindows()), "in")
            .AddStateStore(Stores.InMemoryKeyValueStore("items", Serdes.String, AggregateSerdes.Item(aggregates)), "item")
            .AddSink("out", "item-out", Serdes.String, Serdes.FromCodec(Codecs.ItemFeatures), "item")
            .AddSink("late", "item-late", Serdes.String, ClickSerde, "item");
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("by-item", Serdes.String, EnrichedClickSerde.Default);
        var lateClick = Click("u2", "i1", Behavior.View, T0);
        input.PipeInput("i1", new EnrichedClick(Click("u1", "i1", Behavior.View, T0 + Hours(3))), T0 + Hours(3));
        input.PipeInput("i1", new EnrichedClick(lateClick), T0);

        var routed = Assert.Single(driver.CreateOutputTopic("item-late", Serdes.String, ClickSerde).ReadRecordsToList());
        Assert.Equal("u2", routed.Key);
        Assert.Equal(lateClick, routed.Value);
        Assert.Equal(LateEventHeaders.ItemAggregate, routed.HeaderString(LateEventHeaders.Aggregate));
        Assert.Equal(1, FeatureMetrics.LateEvents.WithLabels(LateEventHeaders.ItemAggregate).Value - lateBefore);
        var features = Assert.Single(driver.CreateOutputTopic("item-out", Serdes.String, Serdes.FromCodec(Codecs.ItemFeatures)).ReadRecordsToList());
        Assert.Equal(T0 + Hours(3), features.Value.FirstSeen);
    }

    [Fact]
    public void Invalid_and_undecodable_clicks_are_dead_lettered_not_aggregated()
    {
        Pipe(new ClickEvent("e1", "u1", "i1", string.Empty, Behavior.View, T0));
        _clicks.PipeRawInput("u1"u8.ToArray(), [0xC3, 0x01, 1, 2, 3], T0);

        var dead = _driver.CreateOutputTopic(TopicNames.ClicksDeadLetter, Serdes.String, Serdes.ByteArray).ReadRecordsToList();

        Assert.Equal(2, dead.Count);
        Assert.Equal(nameof(DecodeFailure.InvalidValue), dead[0].HeaderString(DeadLetterHeaders.Reason));
        Assert.NotNull(dead[1].HeaderString(DeadLetterHeaders.Reason));
        Assert.True(_userFeatures.IsEmpty);
        Assert.True(_itemFeatures.IsEmpty);
    }

    [Fact]
    public void Feature_lookup_reads_the_local_stores_as_of_newest_event_or_a_given_time()
    {
        Pipe(
            Click("u1", "i1", Behavior.View, T0 + Minutes(1)),
            Click("u1", "i1", Behavior.Buy, T0 + Minutes(2)));
        var lookup = new StoreFeatureLookup(
            () => _driver.GetKeyValueStore<string, UserAggregate>(_options.UserStoreName),
            () => _driver.GetKeyValueStore<string, ItemAggregate>(_options.ItemStoreName));

        var emitted = _userFeatures.ReadRecordsToList()[^1].Value;
        FeatureAssert.Equal(emitted, lookup.GetUser("u1"));
        Assert.Equal(_itemFeatures.ReadRecordsToList()[^1].Value, lookup.GetItem("i1"));

        var nextDay = lookup.GetUser("u1", T0 + Days(1) + Minutes(2))!;
        Assert.Equal(BehaviorCounts.Zero, nextDay.Counts1h);
        Assert.Equal(new BehaviorCounts(1, 0, 0, 0, 0, 1), nextDay.Counts7d);
        Assert.Equal(3, nextDay.RecencyScore);
        Assert.Equal(0, lookup.GetItem("i1", T0 + Days(2))!.Popularity24h);
        Assert.Null(lookup.GetUser("u1", T0));
        Assert.Null(lookup.GetUser("nobody"));
        Assert.Null(lookup.GetItem("nothing"));
    }

    [Fact]
    public void Keys_idle_longer_than_the_retention_are_swept_from_both_stores()
    {
        var options = _options with { Sweep = new FeatureSweepOptions { IdleRetention = TimeSpan.FromDays(8) } };
        using var driver = new TopologyTestDriver(FeatureTopology.Build(options), new TopologyTestDriverOptions { TimeProvider = _clock });
        var clicks = driver.CreateInputTopic(TopicNames.Clicks, Serdes.String, ClickSerde);
        var users = driver.GetKeyValueStore<string, UserAggregate>(options.UserStoreName);
        var items = driver.GetKeyValueStore<string, ItemAggregate>(options.ItemStoreName);
        var deletedBefore = FeatureMetrics.IdleKeysDeleted.WithLabels(LateEventHeaders.UserAggregate).Value;

        clicks.PipeInput("u1", Click("u1", "i1", Behavior.View, T0), T0);
        clicks.PipeInput("u2", Click("u2", "i2", Behavior.View, T0 + Days(8)), T0 + Days(8));
        Assert.True(users.TryGet("u1", out _));
        Assert.True(items.TryGet("i1", out _));

        clicks.PipeInput("u2", Click("u2", "i2", Behavior.View, T0 + Days(8) + Hours(1)), T0 + Days(8) + Hours(1));

        Assert.False(users.TryGet("u1", out _));
        Assert.False(items.TryGet("i1", out _));
        Assert.True(users.TryGet("u2", out _));
        Assert.True(items.TryGet("i2", out _));
        Assert.Equal(1, FeatureMetrics.IdleKeysDeleted.WithLabels(LateEventHeaders.UserAggregate).Value - deletedBefore);
        Assert.Throws<ArgumentOutOfRangeException>(
            () => FeatureTopology.Build(_options with { Sweep = new FeatureSweepOptions { IdleRetention = TimeSpan.FromDays(7) } }));
    }

    [Fact]
    public void Stores_are_change_logged_so_they_restore()
    {
        var topology = FeatureTopology.Build(_options);
        var internalTopics = topology.InternalTopics("app");

        Assert.Contains("app-" + _options.UserStoreName + "-changelog", internalTopics);
        Assert.Contains("app-" + _options.ItemStoreName + "-changelog", internalTopics);
        Assert.All(topology.StateStores.Values, s => Assert.True(s.LoggingEnabled));
    }

    private void Pipe(params ClickEvent[] events)
    {
        foreach (var e in events)
        {
            _clicks.PipeInput(e.UserId, e, e.EventTime);
        }
    }
}
