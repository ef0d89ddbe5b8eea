using StreamReco.Schemas.Contracts;
using StreamReco.Trainer.Training;

namespace StreamReco.Trainer;

/// <summary>
/// Offline evaluation for <c>streamreco eval</c>: time split (default 70/15/15 by event time), Bayesian tuning per algorithm on
/// validation, test-period metrics for every candidate and the popularity baseline.
/// </summary>
public static class OfflineEvaluation
{
    public static OfflineEvaluationResult Run(IEnumerable<TrainingSnapshot> snapshots, TrainingPipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        return new OfflineEvaluationResult(new TrainingPipeline(options ?? new TrainingPipelineOptions()).Run(snapshots));
    }
}
