using StreamReco.Kafka.Models;
using StreamReco.Trainer.Evaluation;
using StreamReco.Trainer.Training;

namespace StreamReco.Trainer;

/// <summary>One training run: what was trained, how the champion did on the same test period, and the decision.</summary>
public sealed record TrainingRunResult(
    TrainingOutcome Outcome,
    EvaluationMetrics? ChampionTest,
    ChallengerVerdict Verdict,
    ModelManifest Manifest)
{
    public byte[] ModelBytes => Outcome.Selected.ModelBytes;
}
