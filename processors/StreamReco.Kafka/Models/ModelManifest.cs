using StreamReco.Schemas.Contracts;

namespace StreamReco.Kafka.Models;

/// <summary>Everything about a model version except its bytes; copied onto every chunk.</summary>
public sealed record ModelManifest(
    string ModelName,
    string Version,
    long CreatedAt,
    string Algorithm,
    long TrainingWindowStart,
    long TrainingWindowEnd,
    IReadOnlyDictionary<string, string> Hyperparameters,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<string> FeatureNames,
    long FeatureSchemaFingerprint,
    IReadOnlyList<ReferenceSample> ReferenceDistributions);
