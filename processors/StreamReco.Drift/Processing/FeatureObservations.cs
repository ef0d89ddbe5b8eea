namespace StreamReco.Drift.Processing;

/// <summary>Live values of named model features (FeatureVector names) observed at one event time.</summary>
public sealed record FeatureObservations(long EventTime, IReadOnlyList<KeyValuePair<string, double>> Values) : DriftInput;
