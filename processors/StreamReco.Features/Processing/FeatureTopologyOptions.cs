using StreamReco.Features.Aggregates;
using StreamReco.Features.Snapshots;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Processing;

/// <summary>Configuration of <see cref="FeatureTopology.Build"/>; defaults are the pipeline's topics and codecs.</summary>
public sealed record FeatureTopologyOptions
{
    public string ClicksTopic { get; init; } = TopicNames.Clicks;

    public string ClicksDeadLetterTopic { get; init; } = TopicNames.ClicksDeadLetter;

    public string UserFeaturesTopic { get; init; } = TopicNames.UserFeatures;

    public string ItemFeaturesTopic { get; init; } = TopicNames.ItemFeatures;

    public string LateEventsTopic { get; init; } = TopicNames.LateEvents;

    public string UserStoreName { get; init; } = "user-feature-aggregates";

    public string ItemStoreName { get; init; } = "item-feature-aggregates";

    /// <summary>Repartition name; the topic is <c>&lt;appId&gt;-&lt;name&gt;-repartition</c> (see <c>Topology.InternalTopics</c>).</summary>
    public string ItemRepartitionName { get; init; } = "clicks-by-item";

    /// <summary>Out-of-order tolerance of the 1h windows that decide lateness, and extra state retention. Minutes, not days.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Aggregate bounds; its Grace is replaced by <see cref="Grace"/>.</summary>
    public AggregateOptions Aggregates { get; init; } = AggregateOptions.Default;

    /// <summary>Deletion of idle keys from the stores; null keeps every key forever.</summary>
    public FeatureSweepOptions? Sweep { get; init; } = new();

    /// <summary>RocksDB stores when true, in-memory otherwise; both are change-logged and restored.</summary>
    public bool PersistentStores { get; init; } = true;

    /// <summary>
    /// False (default): a key's features are emitted when its aggregate store's record cache flushes, at every commit and on
    /// eviction, once per key however many clicks it folded since (Kafka Streams' KTable caching); the record carries
    /// <see cref="FeatureHeaders.CoalescedUpdates"/>. True: one features record per folded click, at once (lowest latency,
    /// several times the output volume).
    /// </summary>
    public bool EmitEveryUpdate { get; init; }

    /// <summary>Clock of the click validator's future-skew check.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public TimeSpan MaxFutureSkew { get; init; } = ClickEventValidator.DefaultMaxFutureSkew;

    public IMessageCodec<ClickEvent> ClickCodec { get; init; } = Codecs.ClickEvent;

    public IMessageCodec<UserFeatures> UserFeaturesCodec { get; init; } = Codecs.UserFeatures;

    public IMessageCodec<ItemFeatures> ItemFeaturesCodec { get; init; } = Codecs.ItemFeatures;

    /// <summary>Whether the item branch also emits training snapshots (one per exposure) to <see cref="Snapshots"/>' sink topic.</summary>
    public bool EmitTrainingSnapshots { get; init; } = true;

    /// <summary>Labelling, bounds and topic of the training snapshots (used when <see cref="EmitTrainingSnapshots"/>).</summary>
    public TrainingSnapshotOptions Snapshots { get; init; } = new();

    /// <summary><see cref="Aggregates"/> with this topology's grace.</summary>
    public AggregateOptions EffectiveAggregates => Aggregates with { Grace = Grace };
}
