namespace StreamReco.Drift.Processing;

/// <summary>
/// Live values of named model features (FeatureVector names) from one update of <see cref="Entity"/> ("user:&lt;id&gt;" or
/// "item:&lt;id&gt;") at one event time. The entity groups a window's updates into clusters for the effective sample size.
/// </summary>
public sealed record FeatureObservations(long EventTime, IReadOnlyList<KeyValuePair<string, double>> Values, string? Entity = null) : DriftInput;
