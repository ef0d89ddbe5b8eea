using StreamReco.Trainer.Evaluation;

namespace StreamReco.Trainer.Training;

/// <summary>What the pipeline trains and how it evaluates.</summary>
public sealed record TrainingPipelineOptions
{
    /// <summary>Candidates; FastTree (the baseline) first. The winner on the validation primary metric is selected.</summary>
    public IReadOnlyList<ModelAlgorithm> Algorithms { get; init; } = [ModelAlgorithm.FastTree, ModelAlgorithm.LightGbm, ModelAlgorithm.FastTreeRanking];

    public TimeSplitOptions Split { get; init; } = new();

    /// <summary>Bayesian-optimiser evaluations per algorithm (each is one training run).</summary>
    public int TuningBudget { get; init; } = 12;

    /// <summary>Random points before the surrogate model is used.</summary>
    public int TuningInitialPoints { get; init; } = 4;

    public int MaxTrees { get; init; } = 200;

    /// <summary>Metric (see <see cref="MetricNames"/>) used for tuning, candidate selection and champion/challenger.</summary>
    public string PrimaryMetric { get; init; } = MetricNames.Auc;

    public int Seed { get; init; } = 42;

    /// <summary>Trainer threads; null lets ML.NET decide, 1 is deterministic.</summary>
    public int? Threads { get; init; }

    /// <summary>Values kept per feature (and for __score__) in the reference distributions.</summary>
    public int ReferenceSampleSize { get; init; } = 1000;

    /// <summary>Minimum rows per period; fewer and training is refused.</summary>
    public int MinimumRowsPerPeriod { get; init; } = 20;
}
