using System.Collections.Concurrent;
using Prometheus;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Processing;

/// <summary>
/// Prometheus gauges per feature (D, p, corrected p, PSI, alarm) and counters. Metric families are created once per
/// process; the labelled children of a feature are resolved the first time the feature is seen and then reused.
/// </summary>
public sealed class DriftPrometheusMetrics
{
    private static readonly Gauge StatisticD = Metrics.CreateGauge("streamreco_drift_ks_statistic", "KS D of the last closed window.", "feature");
    private static readonly Gauge PValue = Metrics.CreateGauge("streamreco_drift_ks_p_value", "KS p-value of the last closed window.", "feature");
    private static readonly Gauge PValueCorrected = Metrics.CreateGauge(
        "streamreco_drift_ks_p_value_corrected", "Multiple-testing corrected KS p-value of the last closed window.", "feature");
    private static readonly Gauge Psi = Metrics.CreateGauge("streamreco_drift_psi", "PSI of the last closed window.", "feature");
    private static readonly Gauge EffectiveLiveSize = Metrics.CreateGauge(
        "streamreco_drift_live_effective_size",
        "Effective live sample size (Kish, entity clusters) the KS p-value of the last closed window used.", "feature");

    private static readonly Gauge Alarm = Metrics.CreateGauge("streamreco_drift_alarm", "1 when the last closed window alarmed.", "feature");
    private static readonly Counter RetrainingRequests = Metrics.CreateCounter(
        "streamreco_drift_retraining_requests_total", "Retraining requests emitted after drift alarms.");

    private static readonly Counter Observations = Metrics.CreateCounter(
        "streamreco_drift_observations_total",
        "Live feature values offered to the drift engine, by outcome; a coalesced features record counts once per update it stands for.",
        "outcome");

    private static readonly Counter MalformedCoalescedUpdatesHeaders = Metrics.CreateCounter(
        "streamreco_drift_malformed_coalesced_updates_total",
        "features records whose features.coalesced.updates header was malformed; each was counted as 1 update.");

    private static readonly Counter ModelMessageFailures = Metrics.CreateCounter(
        "streamreco_drift_model_failures_total",
        "models.versions messages the drift service could not use, by reason (decode, assembly); the previous reference stays.",
        "reason");

    // Drift tasks run on several stream threads and share this instance.
    private readonly ConcurrentDictionary<string, FeatureChildren> _children = new(StringComparer.Ordinal);

    public static Counter.Child AcceptedObservations { get; } = Observations.WithLabels("accepted");

    public static Counter.Child LateObservations { get; } = Observations.WithLabels("late");

    public static Counter.Child UnreferencedObservations { get; } = Observations.WithLabels("no_reference");

    public static Counter RetrainingRequestCount => RetrainingRequests;

    public static Counter MalformedCoalescedUpdates => MalformedCoalescedUpdatesHeaders;

    public static Counter.Child ModelDecodeFailures { get; } = ModelMessageFailures.WithLabels("decode");

    public static Counter.Child ModelAssemblyFailures { get; } = ModelMessageFailures.WithLabels("assembly");

    public void Record(DriftMetric metric) => Record(metric, metric?.LiveCount ?? 0);

    public void Record(DriftMetric metric, double effectiveLiveCount)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var children = _children.GetOrAdd(metric.Feature, static feature => new FeatureChildren(
            StatisticD.WithLabels(feature),
            PValue.WithLabels(feature),
            PValueCorrected.WithLabels(feature),
            Psi.WithLabels(feature),
            Alarm.WithLabels(feature),
            EffectiveLiveSize.WithLabels(feature)));

        children.D.Set(metric.StatisticD);
        children.P.Set(metric.PValue);
        children.PCorrected.Set(metric.PValueCorrected);
        children.Psi.Set(metric.Psi);
        children.Alarm.Set(metric.Alarm ? 1 : 0);
        children.EffectiveLiveSize.Set(effectiveLiveCount);
    }

    private sealed record FeatureChildren(
        Gauge.Child D, Gauge.Child P, Gauge.Child PCorrected, Gauge.Child Psi, Gauge.Child Alarm, Gauge.Child EffectiveLiveSize);
}
