using StreamReco.Features.Snapshots;
using StreamReco.Features.Windowing;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.State;

namespace StreamReco.Features.Processing;

/// <summary>
/// The feature pipeline:
/// <code>
/// events.clicks -> [user-features: user store] -> features.user, events.late
///                        | on-time clicks
///                        v
///                  [rekey-by-item] -> repartition clicks-by-item -> [item-features: item store] -> features.item, events.late
///                                                                               | on-time clicks (enriched)
///                                                                               v
///                                                    [training-snapshots: item store (read), snapshot store] -> training.snapshots
/// </code>
/// The repartition carries <see cref="EnrichedClick"/>: exposures bring the user's features as of their event time, so the
/// point-in-time join of user and item features happens on the item task without a second lookup.
/// Invalid or undecodable clicks are dead-lettered by the source. A click late for the user task is not forwarded to the
/// item branch, so each late click is written to events.late once, with the aggregate that refused it in a header.
/// </summary>
public static class FeatureTopology
{
    public const string ClicksSource = "clicks-source";
    public const string UserProcessor = "user-features";
    public const string UserFeaturesSink = "user-features-sink";
    public const string UserLateSink = "user-late-sink";
    public const string RekeyProcessor = "rekey-by-item";
    public const string ItemProcessor = "item-features";
    public const string ItemFeaturesSink = "item-features-sink";
    public const string ItemLateSink = "item-late-sink";
    public const string SnapshotProcessor = "training-snapshots";
    public const string SnapshotSink = "training-snapshots-sink";

    public static Topology Build(FeatureTopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var aggregates = options.EffectiveAggregates;
        aggregates.Validate();
        options.Sweep?.Validate();
        var lateness = LatenessGate.DefaultFeatureWindows(options.Grace);
        var validator = new ClickEventValidator(options.TimeProvider, options.MaxFutureSkew);
        var clicks = new ValidatingClickEventSerde(options.ClickCodec, validator);
        var lateClicks = Serdes.FromCodec(options.ClickCodec);
        var userStore = CachedStore(options, options.UserStoreName, Serdes.String, AggregateSerdes.User(aggregates));
        var itemStore = CachedStore(options, options.ItemStoreName, Serdes.String, AggregateSerdes.Item(aggregates));
        var userRoutes = new FeatureProcessorRoutes(options.UserStoreName, UserFeaturesSink, UserLateSink, RekeyProcessor);
        var snapshots = options.Snapshots;
        if (options.EmitTrainingSnapshots)
        {
            snapshots.Validate();
        }

        var itemRoutes = new FeatureProcessorRoutes(
            options.ItemStoreName, ItemFeaturesSink, ItemLateSink, options.EmitTrainingSnapshots ? SnapshotProcessor : null);
        Predicate<ClickEvent>? enrich = options.EmitTrainingSnapshots ? c => snapshots.ExposureBehaviors.Contains(c.Behavior) : null;
        var enrichedClicks = new EnrichedClickSerde(options.ClickCodec, options.UserFeaturesCodec);

        var topology = new Topology()
            .AddSource(
                ClicksSource,
                options.ClicksTopic,
                Serdes.String,
                clicks,
                options.ClicksDeadLetterTopic,
                static (_, click, _) => click.EventTime)
            .AddProcessor(UserProcessor, () => new UserFeatureProcessor(userRoutes, aggregates, lateness, options.Sweep, enrich, options.EmitEveryUpdate), ClicksSource)
            .AddStateStore(userStore, UserProcessor)
            .AddSink(UserFeaturesSink, options.UserFeaturesTopic, Serdes.String, Serdes.FromCodec(options.UserFeaturesCodec), UserProcessor)
            .AddSink(UserLateSink, options.LateEventsTopic, Serdes.String, lateClicks, UserProcessor)
            .AddProcessor(RekeyProcessor, () => new RekeyByItemProcessor(), UserProcessor)
            .AddRepartition(options.ItemRepartitionName, Serdes.String, enrichedClicks, RekeyProcessor)
            .AddProcessor(ItemProcessor, () => new ItemFeatureProcessor(itemRoutes, aggregates, lateness, options.Sweep, options.EmitEveryUpdate), options.ItemRepartitionName)
            .AddStateStore(itemStore, ItemProcessor)
            .AddSink(ItemFeaturesSink, options.ItemFeaturesTopic, Serdes.String, Serdes.FromCodec(options.ItemFeaturesCodec), ItemProcessor)
            .AddSink(ItemLateSink, options.LateEventsTopic, Serdes.String, lateClicks, ItemProcessor);
        if (!options.EmitTrainingSnapshots)
        {
            return topology;
        }

        TrainingSnapshotMetrics.Register();

        // Cached like the aggregates: an index entry put and deleted within one commit interval costs one tombstone instead of
        // two records. The pending store caches decoded lists, so a pair's list, changed by each of its exposures, is decoded
        // once when first read and encoded once per commit (the earlier layout, lists as bytes in the state store, re-encoded
        // it for every exposure).
        var snapshotStore = CachedStore(options, snapshots.StoreName, Serdes.ByteArray, Serdes.ByteArray);
        var snapshotIndex = CachedStore(options, snapshots.IndexStoreName, Serdes.ByteArray, Serdes.ByteArray);
        var pendingStore = CachedStore(
            options,
            snapshots.PendingStoreName,
            Serdes.ByteArray,
            Serdes.Create<PendingList>(static list => list.ToBytes(), static bytes => PendingList.FromBytes(bytes)));
        return topology
            .AddProcessor(SnapshotProcessor, () => new TrainingSnapshotProcessor(snapshots, options.ItemStoreName), ItemProcessor)
            .AddStateStore(snapshotStore, SnapshotProcessor)
            .AddStateStore(snapshotIndex, SnapshotProcessor)
            .AddStateStore(pendingStore, SnapshotProcessor)
            .AddStateStore(itemStore, SnapshotProcessor)
            .AddSink(SnapshotSink, snapshots.SinkTopic, Serdes.String, Serdes.FromCodec(snapshots.Codec), SnapshotProcessor);
    }

    /// <summary>A record-cached key-value store, on RocksDB or in memory as <see cref="FeatureTopologyOptions.PersistentStores"/> says.</summary>
    private static KeyValueStoreBuilder<TKey, TValue> CachedStore<TKey, TValue>(
        FeatureTopologyOptions options, string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde) =>
        (options.PersistentStores
            ? Stores.PersistentKeyValueStore(name, keySerde, valueSerde)
            : Stores.InMemoryKeyValueStore(name, keySerde, valueSerde)).WithCaching();
}
