using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Windowing;

/// <summary>One feature's result for a closed window, with the effective live sample size its p-value used.</summary>
public sealed record FeatureWindowResult(DriftMetric Metric, double EffectiveLiveCount);
