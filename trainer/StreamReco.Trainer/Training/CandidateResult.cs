using StreamReco.Trainer.Evaluation;
using StreamReco.Trainer.Tuning;

namespace StreamReco.Trainer.Training;

/// <summary>One tuned algorithm: its best hyper-parameters, metrics on all three periods and its saved model bytes.</summary>
public sealed record CandidateResult(
    ModelAlgorithm Algorithm,
    TreeHyperParameters HyperParameters,
    OptimizationResult Tuning,
    EvaluationMetrics Train,
    EvaluationMetrics Validation,
    EvaluationMetrics Test,
    PlattCalibrator? Calibrator,
    byte[] ModelBytes,
    IReadOnlyList<double> TestScores)
{
    /// <summary>Train AUC minus test AUC; a large gap means overfitting.</summary>
    public double TrainTestAucGap => Train.Auc - Test.Auc;

    /// <summary>Test metrics plus train AUC and the gap, as published in <c>ModelVersion.metrics</c>.</summary>
    public Dictionary<string, double> PublishedMetrics()
    {
        var metrics = Test.ToDictionary();
        metrics[MetricNames.TrainAuc] = Train.Auc;
        metrics[MetricNames.TrainTestAucGap] = TrainTestAucGap;
        return metrics;
    }
}
