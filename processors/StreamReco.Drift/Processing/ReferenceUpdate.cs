using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Processing;

/// <summary>A model version (metadata only is used: name, version and reference distributions).</summary>
public sealed record ReferenceUpdate(ModelVersion Model) : DriftInput;
