using StreamReco.Schemas.Serialization;

namespace StreamReco.Schemas;

/// <summary>The single-object Avro codecs of every pipeline message type. Each instance is immutable and safe to share across threads.</summary>
public static class Codecs
{
    /// <summary>Hot-path codec: hand-written binary for the current schema, generic resolution for older writers.</summary>
    public static readonly ClickEventCodec ClickEvent = new(SchemaCatalog.Default);

    public static readonly IMessageCodec<Contracts.UserFeatures> UserFeatures = new UserFeaturesCodec(SchemaCatalog.Default);

    public static readonly IMessageCodec<Contracts.ItemFeatures> ItemFeatures = new ItemFeaturesCodec(SchemaCatalog.Default);

    public static readonly IMessageCodec<Contracts.DriftMetric> DriftMetric = new DriftMetricCodec(SchemaCatalog.Default);

    public static readonly IMessageCodec<Contracts.TrainingSnapshot> TrainingSnapshot = new TrainingSnapshotCodec(SchemaCatalog.Default);

    public static readonly IMessageCodec<Contracts.ModelVersion> ModelVersion = new ModelVersionCodec(SchemaCatalog.Default);

    public static readonly IMessageCodec<Contracts.Recommendation> Recommendation = new RecommendationCodec(SchemaCatalog.Default);
}
