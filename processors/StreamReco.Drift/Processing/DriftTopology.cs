using Microsoft.Extensions.Logging;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.State;

namespace StreamReco.Drift.Processing;

/// <summary>
/// features.user + features.item -> <see cref="DriftProcessor"/> -> metrics.drift (key = feature, Avro DriftMetric) and
/// trainer.requests (key = model name, JSON <see cref="RetrainingRequest"/>). Feature updates are timestamped by their AsOf
/// (event time) and weighted by the updates they stand for (header <c>features.coalesced.updates</c>, absent = 1). The reference distributions are not a partitioned source: models.versions has one partition while the
/// features have many, so every task reads the model in service from a shared <see cref="DriftReferenceHolder"/>, which a global reader
/// of models.versions keeps current (<see cref="DriftReferenceFeed"/>).
/// </summary>
public static class DriftTopology
{
    public const string UserSource = "drift-user-features";
    public const string ItemSource = "drift-item-features";
    public const string ProcessorName = "drift";

    /// <param name="log">Receives the warnings about malformed update-count headers (<see cref="DriftInputAdapter{TValue}"/>).</param>
    public static Topology Build(
        DriftProcessorOptions options,
        DriftPrometheusMetrics metrics,
        DriftReferenceHolder references,
        IMessageCodec<DriftMetric>? metricCodec = null,
        ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(references);
        var codec = metricCodec ?? Codecs.DriftMetric;
        return new Topology()
            .AddSource(UserSource, TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures),
                timestampExtractor: static (_, u, _) => u.AsOf)
            .AddSource(ItemSource, TopicNames.ItemFeatures, Serdes.String, Serdes.FromCodec(Codecs.ItemFeatures),
                timestampExtractor: static (_, i, _) => i.AsOf)
            .AddProcessor(UserSource + "-map", () => new DriftInputAdapter<UserFeatures>(FeatureObservationExtractor.FromUser, log), UserSource)
            .AddProcessor(ItemSource + "-map", () => new DriftInputAdapter<ItemFeatures>(FeatureObservationExtractor.FromItem, log), ItemSource)
            .AddProcessor(ProcessorName, () => new DriftProcessor(options, metrics, references), UserSource + "-map", ItemSource + "-map")
            .AddStateStore(Stores.InMemoryKeyValueStore(options.StoreName, Serdes.String, DriftStateSerde.Instance), ProcessorName)
            .AddSink(DriftProcessor.MetricsChild, TopicNames.DriftMetrics, Serdes.String, Serdes.FromCodec(codec), ProcessorName)
            .AddSink(DriftProcessor.RequestsChild, TopicNames.TrainerRequests, Serdes.String, RetrainingRequestSerde.Instance, ProcessorName);
    }
}
