namespace StreamReco.Schemas.Contracts;

/// <summary>One chunk of a published model version (schemas/ModelVersion.avsc).</summary>
public sealed record ModelVersion(
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
    IReadOnlyList<ReferenceSample> ReferenceDistributions,
    string ModelSha256,
    long ModelLength,
    int ChunkIndex,
    int ChunkCount,
    byte[] Chunk);
