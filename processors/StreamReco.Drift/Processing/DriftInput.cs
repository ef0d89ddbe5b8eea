namespace StreamReco.Drift.Processing;

/// <summary>What the drift processor consumes: live feature values (references come from <see cref="DriftReferenceHolder"/>).</summary>
public abstract record DriftInput;
