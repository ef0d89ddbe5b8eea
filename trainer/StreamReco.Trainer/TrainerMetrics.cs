using Prometheus;

namespace StreamReco.Trainer;

/// <summary>Prometheus metrics of the trainer, created once; labelled children are resolved once and kept.</summary>
public static class TrainerMetrics
{
    private static readonly Counter Decisions = Metrics.CreateCounter(
        "streamreco_trainer_decisions_total", "Champion/challenger decisions by outcome.", new CounterConfiguration { LabelNames = ["decision"] });

    private static readonly Counter Snapshots = Metrics.CreateCounter(
        "streamreco_trainer_snapshots_total", "Consumed training snapshots by outcome.", new CounterConfiguration { LabelNames = ["outcome"] });

    private static readonly Counter Runs = Metrics.CreateCounter(
        "streamreco_trainer_runs_total", "Training runs by trigger.", new CounterConfiguration { LabelNames = ["trigger"] });

    private static readonly Dictionary<ChampionDecision, Counter.Child> DecisionChildren =
        Enum.GetValues<ChampionDecision>().ToDictionary(d => d, d => Decisions.WithLabels(d.ToString()));

    private static readonly Dictionary<TrainingTriggerReason, Counter.Child> RunChildren =
        Enum.GetValues<TrainingTriggerReason>().ToDictionary(r => r, r => Runs.WithLabels(r.ToString()));

    public static Gauge ModelVersion { get; } = Metrics.CreateGauge(
        "streamreco_trainer_model_version", "Version (creation time in ms) of the last published model.");

    public static Gauge ModelAuc { get; } = Metrics.CreateGauge("streamreco_trainer_model_auc", "Test AUC of the last published model.");

    public static Gauge TrainingDurationSeconds { get; } = Metrics.CreateGauge(
        "streamreco_trainer_training_duration_seconds", "Wall-clock duration of the last training run.");

    public static Gauge TrainingSetRows { get; } = Metrics.CreateGauge("streamreco_trainer_training_set_rows", "Rows in the training window.");

    public static Counter.Child SnapshotsAdded { get; } = Snapshots.WithLabels("added");

    public static Counter.Child SnapshotsDuplicate { get; } = Snapshots.WithLabels("duplicate");

    public static Counter.Child SnapshotsRejected { get; } = Snapshots.WithLabels("rejected");

    public static Counter.Child Decision(ChampionDecision decision) => DecisionChildren[decision];

    public static Counter.Child Run(TrainingTriggerReason reason) => RunChildren[reason];
}
