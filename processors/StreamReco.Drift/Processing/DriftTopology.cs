using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.State;

namespace StreamReco.Drift.Processing;

/// <summary>
/// features.user + features.item + models.versions -> <see cref="DriftProcessor"/> -> metrics.drift (key = feature,
/// Avro DriftMetric) and trainer.requests (key = model name, JSON <see cref="RetrainingRequest"/>).
/// Feature updates are timestamped by their AsOf (event time), model versions by the record timestamp.
/// </summary>
public static class DriftTopology
{
    public const string UserSource = "drift-user-features";
    public const string ItemSource = "drift-item-features";
    public const string ModelSource = "drift-model-versions";
    public const string ProcessorName = "drift";

    public static Topology Build(DriftProcessorOptions options, DriftPrometheusMetrics metrics, IMessageCodec<DriftMetric>? metricCodec = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        var codec = metricCodec ?? Codecs.DriftMetric;
        return new Topology()
            .AddSource(UserSource, TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures),
                timestampExtractor: static (_, u, _) => u.AsOf)
            .AddSource(ItemSource, TopicNames.ItemFeatures, Serdes.String, Serdes.FromCodec(Codecs.ItemFeatures),
                timestampExtractor: static (_, i, _) => i.AsOf)
            .AddSource(ModelSource, TopicNames.ModelVersions, Serdes.String, Serdes.FromCodec(Codecs.ModelVersion))
            .AddProcessor(UserSource + "-map", () => new DriftInputAdapter<UserFeatures>(FeatureObservationExtractor.FromUser), UserSource)
            .AddProcessor(ItemSource + "-map", () => new DriftInputAdapter<ItemFeatures>(FeatureObservationExtractor.FromItem), ItemSource)
            .AddProcessor(ModelSource + "-map", () => new DriftInputAdapter<ModelVersion>((m, _) => new ReferenceUpdate(m)), ModelSource)
            .AddProcessor(ProcessorName, () => new DriftProcessor(options, metrics), UserSource + "-map", ItemSource + "-map", ModelSource + "-map")
            .AddStateStore(Stores.InMemoryKeyValueStore(options.StoreName, Serdes.String, DriftStateSerde.Instance), ProcessorName)
            .AddSink(DriftProcessor.MetricsChild, TopicNames.DriftMetrics, Serdes.String, Serdes.FromCodec(codec), ProcessorName)
            .AddSink(DriftProcessor.RequestsChild, TopicNames.TrainerRequests, Serdes.String, RetrainingRequestSerde.Instance, ProcessorName);
    }
}
