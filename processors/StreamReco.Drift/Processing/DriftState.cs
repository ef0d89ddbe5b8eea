using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Processing;

/// <summary>Durable state of the drift processor: the serving model's metadata, or the last retraining request time.</summary>
public sealed record DriftState(ModelVersion? Model, long? LastRequestAt);
