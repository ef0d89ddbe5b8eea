namespace StreamReco.Drift.Processing;

/// <summary>What the drift processor consumes: live feature values or a new model version's references.</summary>
public abstract record DriftInput;
