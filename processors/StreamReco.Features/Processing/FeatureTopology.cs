using StreamReco.Features.Windowing;
using StreamReco.Schemas;
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
/// </code>
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
        var userStore = (options.PersistentStores
            ? Stores.PersistentKeyValueStore(options.UserStoreName, Serdes.String, AggregateSerdes.User(aggregates))
            : Stores.InMemoryKeyValueStore(options.UserStoreName, Serdes.String, AggregateSerdes.User(aggregates))).WithCaching();
        var itemStore = (options.PersistentStores
            ? Stores.PersistentKeyValueStore(options.ItemStoreName, Serdes.String, AggregateSerdes.Item(aggregates))
            : Stores.InMemoryKeyValueStore(options.ItemStoreName, Serdes.String, AggregateSerdes.Item(aggregates))).WithCaching();
        var userRoutes = new FeatureProcessorRoutes(options.UserStoreName, UserFeaturesSink, UserLateSink, RekeyProcessor);
        var itemRoutes = new FeatureProcessorRoutes(options.ItemStoreName, ItemFeaturesSink, ItemLateSink);

        return new Topology()
            .AddSource(
                ClicksSource,
                options.ClicksTopic,
                Serdes.String,
                clicks,
                options.ClicksDeadLetterTopic,
                static (_, click, _) => click.EventTime)
            .AddProcessor(UserProcessor, () => new UserFeatureProcessor(userRoutes, aggregates, lateness, options.Sweep), ClicksSource)
            .AddStateStore(userStore, UserProcessor)
            .AddSink(UserFeaturesSink, options.UserFeaturesTopic, Serdes.String, Serdes.FromCodec(options.UserFeaturesCodec), UserProcessor)
            .AddSink(UserLateSink, options.LateEventsTopic, Serdes.String, lateClicks, UserProcessor)
            .AddProcessor(RekeyProcessor, () => new RekeyByItemProcessor(), UserProcessor)
            .AddRepartition(options.ItemRepartitionName, Serdes.String, lateClicks, RekeyProcessor)
            .AddProcessor(ItemProcessor, () => new ItemFeatureProcessor(itemRoutes, aggregates, lateness, options.Sweep), options.ItemRepartitionName)
            .AddStateStore(itemStore, ItemProcessor)
            .AddSink(ItemFeaturesSink, options.ItemFeaturesTopic, Serdes.String, Serdes.FromCodec(options.ItemFeaturesCodec), ItemProcessor)
            .AddSink(ItemLateSink, options.LateEventsTopic, Serdes.String, lateClicks, ItemProcessor);
    }
}
