using Prometheus;

namespace StreamReco.Features.Snapshots;

/// <summary>Prometheus metrics of the training snapshots, created once per process; labelled children resolved once here.</summary>
public static class TrainingSnapshotMetrics
{
    public static Counter Emitted { get; } = Metrics.CreateCounter(
        "streamreco_training_snapshots_emitted_total",
        "Training snapshots emitted, by label (positive or negative).",
        new CounterConfiguration { LabelNames = ["label"] });

    public static Counter Evicted { get; } = Metrics.CreateCounter(
        "streamreco_training_snapshots_evicted_total",
        "Pending exposures or remembered outcomes dropped to keep the snapshot store bounded, or unusable after a feature schema change, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    public static Gauge Pending { get; } = Metrics.CreateGauge(
        "streamreco_training_snapshots_pending",
        "Exposures waiting for their label in this process's snapshot stores.");

    /// <summary>
    /// Creates the families and their labelled series when the topology is built: dashboards then read 0 before the first
    /// snapshot instead of no data, and a scrape taken before any click reached the snapshot processor still lists them.
    /// </summary>
    public static void Register() => _ = DroppedSchemaChanged;

    internal static Counter.Child EmittedPositive { get; } = Emitted.WithLabels("positive");

    internal static Counter.Child EmittedNegative { get; } = Emitted.WithLabels("negative");

    internal static Counter.Child EvictedPairCap { get; } = Evicted.WithLabels("pending_pair_cap");

    internal static Counter.Child EvictedTotalCap { get; } = Evicted.WithLabels("pending_total_cap");

    internal static Counter.Child EvictedOutcomeCap { get; } = Evicted.WithLabels("outcome_pair_cap");

    internal static Counter.Child DroppedSchemaChanged { get; } = Evicted.WithLabels("feature_schema_changed");
}
