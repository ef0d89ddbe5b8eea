using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Streams;
using StreamReco.Streams.State;

namespace StreamReco.Drift.Snapshots;

/// <summary>events.clicks (keyed by user, event time from the event) -> <see cref="TrainingSnapshotProcessor"/> -> training.snapshots.</summary>
public static class TrainingSnapshotTopology
{
    public const string Source = "snapshot-clicks";
    public const string ProcessorName = "training-snapshots";
    public const string Sink = "training-snapshots-sink";

    public static Topology Build(TrainingSnapshotOptions options, Func<IFeatureLookup> lookupFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Topology()
            .AddSource(Source, TopicNames.Clicks, Serdes.String, Serdes.FromCodec(Codecs.ClickEvent),
                TopicNames.ClicksDeadLetter, static (_, click, _) => click.EventTime)
            .AddProcessor(ProcessorName, () => new TrainingSnapshotProcessor(options, lookupFactory), Source)
            .AddStateStore(Stores.InMemoryKeyValueStore(options.StoreName, Serdes.String, Serdes.FromCodec(Codecs.TrainingSnapshot)), ProcessorName)
            .AddSink(Sink, TopicNames.TrainingSnapshots, Serdes.String, Serdes.FromCodec(Codecs.TrainingSnapshot), ProcessorName);
    }
}
