using Microsoft.Extensions.Time.Testing;
using StreamReco.Features.Aggregates;
using StreamReco.Features.Processing;
using StreamReco.Features.Snapshots;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.Testing;
using static StreamReco.Features.Tests.Times;

namespace StreamReco.Features.Tests.Snapshots;

/// <summary>
/// Training snapshots through the whole feature topology on the in-process driver (stream time = event time). All tests that
/// evict live in this class (run sequentially), so deltas of the process-wide eviction counters are exact.
/// </summary>
public sealed class TrainingSnapshotTopologyTests : IDisposable
{
    private static readonly ISerde<ClickEvent> ClickSerde = Serdes.FromCodec(Codecs.ClickEvent);
    private static readonly long Horizon = Minutes(30);
    private static readonly long Deadline = Minutes(35);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(T0 + Days(30)));
    private readonly List<TopologyTestDriver> _drivers = [];

    public void Dispose()
    {
        foreach (var driver in _drivers)
        {
            driver.Dispose();
        }
    }

    [Fact]
    public void Each_exposure_gets_exactly_one_snapshot_keyed_by_user()
    {
        var (driver, clicks, output) = Start();
        var events = new[]
        {
            Click("u1", "i1", Behavior.View, T0 + Minutes(1)),
            Click("u1", "i2", Behavior.Click, T0 + Minutes(2)),
            Click("u2", "i1", Behavior.View, T0 + Minutes(3)),
            Click("u1", "i1", Behavior.Cart, T0 + Minutes(4)),
            Click("u1", "i1", Behavior.Buy, T0 + Minutes(5)),
            Click("u2", "i1", Behavior.Share, T0 + Minutes(6)),
            Click("u2", "i1", Behavior.View, T0 + Minutes(7)),
        };
        Pipe(clicks, events);
        Tick(clicks, T0 + Minutes(7) + Deadline);
        Tick(clicks, T0 + Hours(3));

        var records = output.ReadRecordsToList();

        var exposures = events.Where(e => e.Behavior is Behavior.View or Behavior.Click).ToList();
        Assert.Equal(exposures.Select(e => e.EventId).Order(), records.Select(r => r.Value.ExposureId).Order());
        Assert.All(records, r => Assert.Equal(r.Value.UserId, r.Key));
        Assert.All(records, r => Assert.Equal(r.Value.EventTime, r.TimestampMs));
        Assert.All(records, r => Assert.Equal(FeatureVector.SchemaFingerprint, r.Value.FeatureSchemaFingerprint));
        Assert.All(records, r => Assert.Equal(FeatureVector.Names.Order(), r.Value.Features.Keys.Order()));
        Assert.All(records, r => Assert.Equal(Horizon, r.Value.HorizonMs));
        var byId = records.ToDictionary(r => r.Value.ExposureId, r => r.Value);
        Assert.Equal(1, byId[exposures[0].EventId].Label);
        Assert.Equal(Behavior.Cart, byId[exposures[0].EventId].LabelBehavior);
        Assert.Equal(0, byId[exposures[1].EventId].Label);
        Assert.Equal(0, byId[exposures[2].EventId].Label);
        Assert.Equal(0, byId[exposures[3].EventId].Label);
        Assert.Equal(0, driver.DeadLetteredCount);
        Assert.Equal(0, PendingCount(driver));
    }

    [Fact]
    public void A_later_cart_within_the_horizon_emits_a_positive_at_once()
    {
        var (driver, clicks, output) = Start();
        var view = Click("u1", "i1", Behavior.View, T0 + Minutes(1));
        Pipe(clicks, view);
        Assert.True(output.IsEmpty);

        Pipe(clicks, Click("u1", "i1", Behavior.Cart, T0 + Minutes(11)));

        var snapshot = Assert.Single(output.ReadValuesToList());
        Assert.Equal(view.EventId, snapshot.ExposureId);
        Assert.Equal(("u1", "i1", "c1", Behavior.View, view.EventTime), (snapshot.UserId, snapshot.ItemId, snapshot.CategoryId, snapshot.ExposureBehavior, snapshot.EventTime));
        Assert.Equal(1, snapshot.Label);
        Assert.Equal(Behavior.Cart, snapshot.LabelBehavior);
        Assert.Equal(T0 + Minutes(11), snapshot.LabelTime);
        Assert.Equal(0, PendingCount(driver));

        Tick(clicks, T0 + Hours(2));
        Assert.True(output.IsEmpty);
    }

    [Fact]
    public void Without_an_outcome_the_exposure_turns_negative_when_stream_time_reaches_horizon_plus_grace()
    {
        var (driver, clicks, output) = Start();
        var view = Click("u1", "i1", Behavior.View, T0 + Minutes(1));
        Pipe(clicks, view, Click("u1", "i2", Behavior.Cart, T0 + Minutes(2)), Click("u2", "i1", Behavior.Buy, T0 + Minutes(3)));

        Tick(clicks, view.EventTime + Deadline - 1);
        Assert.True(output.IsEmpty);
        Assert.Equal(1, PendingCount(driver));

        Tick(clicks, view.EventTime + Deadline);

        var snapshot = Assert.Single(output.ReadValuesToList());
        Assert.Equal(view.EventId, snapshot.ExposureId);
        Assert.Equal(0, snapshot.Label);
        Assert.Null(snapshot.LabelBehavior);
        Assert.Null(snapshot.LabelTime);
        Assert.Equal(0, PendingCount(driver));
    }

    [Theory]
    [InlineData(0, false, false)]
    [InlineData(1, true, false)]
    [InlineData(30 * 60_000, true, false)]
    [InlineData((30 * 60_000) + 1, false, false)]
    [InlineData(0, false, true)]
    [InlineData(1, true, true)]
    [InlineData(30 * 60_000, true, true)]
    [InlineData((30 * 60_000) + 1, false, true)]
    public void Only_an_outcome_in_t_to_t_plus_horizon_makes_it_positive(long outcomeDelayMs, bool positive, bool outcomeArrivesFirst)
    {
        var (_, clicks, output) = Start();
        var view = Click("u1", "i1", Behavior.View, T0 + Minutes(1));
        var fav = Click("u1", "i1", Behavior.Fav, view.EventTime + outcomeDelayMs);
        Pipe(clicks, outcomeArrivesFirst ? [fav, view] : [view, fav]);
        Tick(clicks, view.EventTime + Hours(1));

        var snapshot = Assert.Single(output.ReadValuesToList());
        Assert.Equal(positive ? 1 : 0, snapshot.Label);
        Assert.Equal(positive ? view.EventTime + outcomeDelayMs : (long?)null, snapshot.LabelTime);
    }

    [Fact]
    public void Leakage_an_outcome_arriving_before_its_exposure_changes_the_label_but_not_the_features()
    {
        var history = History();
        var view = Click("u1", "i1", Behavior.View, T0 + Hours(1));
        var cart = Click("u1", "i1", Behavior.Cart, T0 + Hours(1) + Minutes(5));
        var othersLater = Click("u2", "i1", Behavior.Buy, T0 + Hours(1) + Minutes(4));

        // Later events (event time > t) arrive first; the exposure arrives out of order behind them.
        var outOfOrder = Run([.. history, othersLater, cart, view], T0 + Hours(3));
        var withoutOutcome = Run([.. history, view], T0 + Hours(3));

        var leaked = outOfOrder.Single(s => s.ExposureId == view.EventId);
        var clean = withoutOutcome.Single(s => s.ExposureId == view.EventId);
        Assert.Equal(1, leaked.Label);
        Assert.Equal(Behavior.Cart, leaked.LabelBehavior);
        Assert.Equal(cart.EventTime, leaked.LabelTime);
        Assert.Equal(0, clean.Label);
        Assert.Equal(clean.Features, leaked.Features);
        Assert.Equal(Expected([.. history, view], view), leaked.Features);
    }

    [Fact]
    public void Leakage_later_events_within_the_horizon_change_the_label_but_not_the_features()
    {
        var history = History();
        var view = Click("u1", "i1", Behavior.View, T0 + Hours(1));
        ClickEvent[] later =
        [
            Click("u1", "i1", Behavior.Click, view.EventTime + Minutes(1)),
            Click("u3", "i1", Behavior.View, view.EventTime + Minutes(2)),
            Click("u1", "i2", Behavior.Buy, view.EventTime + Minutes(3)),
            Click("u1", "i1", Behavior.Buy, view.EventTime + Minutes(20)),
        ];

        var withLater = Run([.. history, view, .. later], T0 + Hours(3));
        var alone = Run([.. history, view], T0 + Hours(3));

        var labelled = withLater.Single(s => s.ExposureId == view.EventId);
        var unlabelled = alone.Single(s => s.ExposureId == view.EventId);
        Assert.Equal((1, Behavior.Buy, view.EventTime + Minutes(20)), (labelled.Label, labelled.LabelBehavior, labelled.LabelTime));
        Assert.Equal(0, unlabelled.Label);
        Assert.Equal(unlabelled.Features, labelled.Features);
        Assert.NotEqual(0.0, labelled.Features["user_views_24h"]);
    }

    [Fact]
    public void Features_equal_the_vector_of_aggregates_built_independently_as_of_the_exposure()
    {
        var random = new Random(7);
        string[] users = ["u1", "u2", "u3"];
        string[] items = ["i1", "i2", "i3", "i4"];
        var events = Enumerable.Range(0, 150)
            .Select(n => Click(
                users[random.Next(users.Length)],
                items[random.Next(items.Length)],
                (Behavior)random.Next(6),
                T0 + (n * Minutes(3)) + random.Next(1000),
                "c" + random.Next(3)))
            .ToList();

        var snapshots = Run(events, T0 + Days(1));

        var exposures = events.Where(e => e.Behavior is Behavior.View or Behavior.Click).ToList();
        Assert.Equal(exposures.Count, snapshots.Count);
        foreach (var exposure in exposures)
        {
            var snapshot = snapshots.Single(s => s.ExposureId == exposure.EventId);
            Assert.Equal(Expected(events, exposure), snapshot.Features);
            var firstOutcome = events.FirstOrDefault(e =>
                e.UserId == exposure.UserId && e.ItemId == exposure.ItemId && (e.Behavior is Behavior.Cart or Behavior.Fav or Behavior.Buy)
                && e.EventTime > exposure.EventTime && e.EventTime <= exposure.EventTime + Horizon);
            Assert.Equal(firstOutcome?.EventTime, snapshot.LabelTime);
            Assert.Equal(firstOutcome?.Behavior, snapshot.LabelBehavior);
        }
    }

    [Fact]
    public void Pending_exposures_survive_a_restart_from_the_restored_stores()
    {
        var options = Options();
        var (first, clicks, firstOutput) = Start(options);
        var view1 = Click("u1", "i1", Behavior.View, T0 + Minutes(1));
        var view2 = Click("u2", "i2", Behavior.Click, T0 + Minutes(2));
        Pipe(clicks, view1, view2);
        Assert.True(firstOutput.IsEmpty);

        // A restore replays the changelog, i.e. rebuilds every store with its latest value per key: copy them over.
        var (second, clicksAfter, output) = Start(options);
        CopyStore<string, UserAggregate>(first, second, options.UserStoreName);
        CopyStore<string, ItemAggregate>(first, second, options.ItemStoreName);
        CopyStore<byte[], byte[]>(first, second, options.Snapshots.StoreName);
        CopyStore<byte[], byte[]>(first, second, options.Snapshots.IndexStoreName);
        foreach (var (key, list) in first.GetKeyValueStore<byte[], PendingList>(options.Snapshots.PendingStoreName).All())
        {
            // Through the bytes, as a restore does: the stores must not share the cached instances.
            second.GetKeyValueStore<byte[], PendingList>(options.Snapshots.PendingStoreName).Put(key, PendingList.FromBytes(list.ToBytes()));
        }

        first.Dispose();

        Pipe(clicksAfter, Click("u1", "i1", Behavior.Cart, T0 + Minutes(20)));
        Tick(clicksAfter, T0 + Hours(1));

        var snapshots = output.ReadValuesToList();
        Assert.Equal(2, snapshots.Count);
        var positive = snapshots.Single(s => s.ExposureId == view1.EventId);
        var negative = snapshots.Single(s => s.ExposureId == view2.EventId);
        Assert.Equal((1, T0 + Minutes(20)), (positive.Label, positive.LabelTime));
        Assert.Equal(0, negative.Label);
        Assert.Equal(Expected([view1], view1), positive.Features);
        Assert.Equal(0, PendingCount(second));

        Tick(clicksAfter, T0 + Hours(2));
        Assert.True(output.IsEmpty);
    }

    [Fact]
    public void The_snapshot_store_is_change_logged_and_emptied_as_snapshots_are_emitted()
    {
        var options = Options();
        var topology = FeatureTopology.Build(options);
        Assert.Contains("app-" + options.Snapshots.StoreName + "-changelog", topology.InternalTopics("app"));
        Assert.Contains("app-" + options.Snapshots.IndexStoreName + "-changelog", topology.InternalTopics("app"));
        Assert.Contains("app-" + options.Snapshots.PendingStoreName + "-changelog", topology.InternalTopics("app"));
        Assert.True(topology.StateStores[options.Snapshots.StoreName].LoggingEnabled);
        Assert.True(topology.StateStores[options.Snapshots.IndexStoreName].LoggingEnabled);
        Assert.True(topology.StateStores[options.Snapshots.PendingStoreName].LoggingEnabled);

        var (driver, clicks, output) = Start(options);
        Pipe(clicks, Click("u1", "i1", Behavior.View, T0), Click("u1", "i1", Behavior.Buy, T0 + Minutes(1)), Click("u2", "i1", Behavior.View, T0 + Minutes(2)));
        var store = driver.GetKeyValueStore<byte[], byte[]>(options.Snapshots.StoreName);
        var index = driver.GetKeyValueStore<byte[], byte[]>(options.Snapshots.IndexStoreName);
        var pending = driver.GetKeyValueStore<byte[], PendingList>(options.Snapshots.PendingStoreName);
        Assert.Equal(1, PendingCount(driver));
        Assert.Equal(2, index.All().Count());

        Tick(clicks, T0 + Hours(4));

        // Both exposures emitted and the remembered buy expired (2 h): nothing is left behind in either store.
        Assert.Equal(2, output.ReadValuesToList().Count);
        Assert.Empty(store.All());
        Assert.Empty(index.All());
        Assert.Empty(pending.All());
    }

    [Fact]
    public void Pending_exposures_stored_in_the_state_store_by_earlier_versions_are_moved_and_still_labelled()
    {
        // Earlier versions kept a pair's pending list in the state store under the same key; restored state may still hold one.
        var options = Options();
        var (old, oldClicks, _) = Start(options);
        var view = Click("u1", "i1", Behavior.View, T0 + Minutes(1));
        Pipe(oldClicks, view);
        var (driver, clicks, output) = Start(options);
        CopyStore<string, UserAggregate>(old, driver, options.UserStoreName);
        CopyStore<string, ItemAggregate>(old, driver, options.ItemStoreName);
        CopyStore<byte[], byte[]>(old, driver, options.Snapshots.IndexStoreName);
        var state = driver.GetKeyValueStore<byte[], byte[]>(options.Snapshots.StoreName);
        foreach (var (key, list) in old.GetKeyValueStore<byte[], PendingList>(options.Snapshots.PendingStoreName).All())
        {
            state.Put(key, list.ToBytes());
        }

        Assert.Single(state.All());

        Pipe(clicks, Click("u1", "i1", Behavior.Buy, T0 + Minutes(10)));

        var positive = Assert.Single(output.ReadValuesToList());
        Assert.Equal((view.EventId, 1, T0 + Minutes(10)), (positive.ExposureId, positive.Label, positive.LabelTime));
        Assert.Equal(Expected([view], view), positive.Features);
        Assert.DoesNotContain(state.All(), e => e.Key[0] == SnapshotStateKeys.Pending);
        Assert.Equal(0, PendingCount(driver));
    }

    [Fact]
    public void A_snapshot_decodes_with_the_avro_codec()
    {
        var (driver, clicks, _) = Start();
        var view = Click("u1", "i1", Behavior.Click, T0 + Minutes(1), "c7");
        Pipe(clicks, view, Click("u1", "i1", Behavior.Buy, T0 + Minutes(2), "c7"));

        var raw = Assert.Single(driver.CreateOutputTopic(TopicNames.TrainingSnapshots, Serdes.String, Serdes.ByteArray).ReadRecordsToList());
        var decoded = Codecs.TrainingSnapshot.Decode(raw.Value);

        Assert.Equal([0xC3, 0x01], raw.Value[..2]);
        Assert.Equal("u1", raw.Key);
        Assert.Equal(
            (view.EventId, "u1", "i1", "c7", Behavior.Click, view.EventTime, 1, (Behavior?)Behavior.Buy, (long?)(T0 + Minutes(2)), Horizon),
            (decoded.ExposureId, decoded.UserId, decoded.ItemId, decoded.CategoryId, decoded.ExposureBehavior, decoded.EventTime,
                decoded.Label, decoded.LabelBehavior, decoded.LabelTime, decoded.HorizonMs));
        Assert.Equal(FeatureVector.SchemaFingerprint, decoded.FeatureSchemaFingerprint);
        Assert.Equal(Expected([view], view), decoded.Features);
    }

    [Fact]
    public void A_redelivered_pending_exposure_is_not_snapshotted_twice()
    {
        var (_, clicks, output) = Start();
        var view = Click("u1", "i1", Behavior.View, T0 + Minutes(1));
        Pipe(clicks, view, view);
        Tick(clicks, T0 + Hours(1));

        Assert.Single(output.ReadValuesToList());
    }

    [Fact]
    public void Pending_exposures_per_pair_are_capped_evicting_the_oldest_and_counting_it()
    {
        var options = Options() with { Snapshots = new TrainingSnapshotOptions { MaxPendingPerPair = 2 } };
        var (driver, clicks, output) = Start(options);
        var evicted = TrainingSnapshotMetrics.Evicted.WithLabels("pending_pair_cap");
        var before = evicted.Value;
        var views = Enumerable.Range(1, 3).Select(m => Click("u1", "i1", Behavior.View, T0 + Minutes(m))).ToArray();
        Pipe(clicks, views);
        Pipe(clicks, Click("u2", "i1", Behavior.View, T0 + Minutes(4)));

        Assert.Equal(3, PendingCount(driver));
        Assert.Equal(1, evicted.Value - before);
        Tick(clicks, T0 + Hours(1));
        Assert.Equal([views[1].EventId, views[2].EventId, "e-u2-i1-" + (T0 + Minutes(4)) + "-View"], output.ReadValuesToList().Select(s => s.ExposureId));
    }

    [Fact]
    public void Pending_exposures_per_task_are_capped_evicting_the_earliest_deadline_and_counting_it()
    {
        var options = Options() with { Snapshots = new TrainingSnapshotOptions { MaxPendingTotal = 2 } };
        var (driver, clicks, output) = Start(options);
        var evicted = TrainingSnapshotMetrics.Evicted.WithLabels("pending_total_cap");
        var before = evicted.Value;
        var views = new[] { Click("u1", "i1", Behavior.View, T0 + Minutes(2)), Click("u2", "i2", Behavior.View, T0 + Minutes(1)), Click("u3", "i3", Behavior.View, T0 + Minutes(3)) };
        Pipe(clicks, views);

        Assert.Equal(2, PendingCount(driver));
        Assert.Equal(1, evicted.Value - before);
        Tick(clicks, T0 + Hours(1));
        Assert.Equal([views[0].EventId, views[2].EventId], output.ReadValuesToList().Select(s => s.ExposureId));
    }

    [Fact]
    public void Disabled_snapshots_leave_the_topology_without_snapshot_nodes_or_user_features_on_the_repartition()
    {
        var options = Options() with { EmitTrainingSnapshots = false };
        var topology = FeatureTopology.Build(options);
        Assert.DoesNotContain(options.Snapshots.StoreName, topology.StateStores.Keys);
        Assert.DoesNotContain(options.Snapshots.PendingStoreName, topology.StateStores.Keys);

        var driver = new TopologyTestDriver(topology, new TopologyTestDriverOptions { TimeProvider = _clock });
        _drivers.Add(driver);
        var clicks = driver.CreateInputTopic(TopicNames.Clicks, Serdes.String, ClickSerde);
        Pipe(clicks, Click("u1", "i1", Behavior.View, T0));

        var repartitioned = Assert.Single(driver
            .CreateOutputTopic(driver.RepartitionTopic(options.ItemRepartitionName), Serdes.String, EnrichedClickSerde.Default)
            .ReadRecordsToList());
        Assert.Equal("i1", repartitioned.Key);
        Assert.Null(repartitioned.Value.UserFeatures);
        Assert.DoesNotContain(TopicNames.TrainingSnapshots, driver.ProducedTopicNames);
    }

    [Fact]
    public void Exposures_cross_the_repartition_with_user_features_as_of_their_own_time_and_corrupt_records_are_dead_lettered()
    {
        var options = Options();
        var (driver, clicks, _) = Start(options);
        var later = Click("u1", "i9", Behavior.Buy, T0 + Minutes(30));
        var view = Click("u1", "i1", Behavior.View, T0 + Minutes(10));
        Pipe(clicks, later, view);

        var repartitionTopic = driver.RepartitionTopic(options.ItemRepartitionName);
        var records = driver.CreateOutputTopic(repartitionTopic, Serdes.String, EnrichedClickSerde.Default).ReadRecordsToList();
        Assert.Null(records[0].Value.UserFeatures);
        var asOf = records[1].Value.UserFeatures!;
        Assert.Equal(view.EventTime, asOf.AsOf);
        Assert.Equal(new BehaviorCounts(1, 0, 0, 0, 0, 0), asOf.Counts1h);

        driver.CreateInputTopic(repartitionTopic, Serdes.String, Serdes.ByteArray).PipeRawInput("i1"u8.ToArray(), [0x45, 1, 0, 0, 0, 9, 1], T0);
        Assert.Equal(1, driver.DeadLetteredCount);
        Assert.Single(driver.CreateOutputTopic(repartitionTopic + ".dlq", Serdes.String, Serdes.ByteArray).ReadRecordsToList());
    }

    private static ClickEvent[] History() =>
    [
        Click("u1", "i1", Behavior.View, T0 + Minutes(10)),
        Click("u1", "i2", Behavior.Click, T0 + Minutes(20), "c2"),
        Click("u2", "i1", Behavior.View, T0 + Minutes(25)),
        Click("u2", "i1", Behavior.Buy, T0 + Minutes(26)),
        Click("u1", "i1", Behavior.Cart, T0 + Minutes(40)),
    ];

    /// <summary>The vector built from aggregates that saw only the events at or before the exposure (and the exposure).</summary>
    private Dictionary<string, double> Expected(IEnumerable<ClickEvent> events, ClickEvent exposure)
    {
        var aggregates = Options().EffectiveAggregates;
        var user = new UserAggregate(exposure.UserId, aggregates);
        var item = new ItemAggregate(exposure.ItemId, aggregates);
        foreach (var e in events.Where(e => e.EventTime <= exposure.EventTime))
        {
            if (e.UserId == exposure.UserId)
            {
                user.Add(e);
            }

            if (e.ItemId == exposure.ItemId)
            {
                item.Add(e);
            }
        }

        return FeatureVector.BuildMap(user.FeaturesAsOf(exposure.EventTime), item.FeaturesAsOf(exposure.EventTime), exposure.CategoryId, exposure.EventTime);
    }

    /// <summary>Pipes the events in the given (arrival) order, then moves stream time to <paramref name="endTime"/>.</summary>
    private List<TrainingSnapshot> Run(IEnumerable<ClickEvent> arrivals, long endTime)
    {
        var (_, clicks, output) = Start();
        Pipe(clicks, [.. arrivals]);
        Tick(clicks, endTime);
        return output.ReadValuesToList();
    }

    private FeatureTopologyOptions Options() => new() { PersistentStores = false, TimeProvider = _clock };

    private (TopologyTestDriver Driver, TestInputTopic<string, ClickEvent> Clicks, TestOutputTopic<string, TrainingSnapshot> Output) Start(
        FeatureTopologyOptions? options = null)
    {
        var driver = new TopologyTestDriver(FeatureTopology.Build(options ?? Options()), new TopologyTestDriverOptions { TimeProvider = _clock });
        _drivers.Add(driver);
        return (
            driver,
            driver.CreateInputTopic(TopicNames.Clicks, Serdes.String, ClickSerde),
            driver.CreateOutputTopic(TopicNames.TrainingSnapshots, Serdes.String, Serdes.FromCodec(Codecs.TrainingSnapshot)));
    }

    private static long PendingCount(TopologyTestDriver driver) =>
        driver.GetKeyValueStore<byte[], PendingList>(new TrainingSnapshotOptions().PendingStoreName).All().Sum(e => e.Value.Items.Count);

    private static void CopyStore<TKey, TValue>(TopologyTestDriver from, TopologyTestDriver to, string storeName)
    {
        var target = to.GetKeyValueStore<TKey, TValue>(storeName);
        foreach (var (key, value) in from.GetKeyValueStore<TKey, TValue>(storeName).All())
        {
            target.Put(key, value);
        }
    }

    /// <summary>Moves stream time with an event that is neither exposure nor outcome, on a user and item of its own.</summary>
    private static void Tick(TestInputTopic<string, ClickEvent> clicks, long time) =>
        clicks.PipeInput("ticker", Click("ticker", "tick-item", Behavior.Share, time), time);

    private static void Pipe(TestInputTopic<string, ClickEvent> clicks, params ClickEvent[] events)
    {
        foreach (var e in events)
        {
            clicks.PipeInput(e.UserId, e, e.EventTime);
        }
    }
}
