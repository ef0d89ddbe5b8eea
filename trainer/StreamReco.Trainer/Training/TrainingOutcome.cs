using StreamReco.Schemas.Contracts;
using StreamReco.Trainer.Evaluation;

namespace StreamReco.Trainer.Training;

/// <summary>Result of one pipeline run: every candidate, the selected one, the popularity baseline on the same test period.</summary>
public sealed record TrainingOutcome(
    DatasetSplit Split,
    IReadOnlyList<CandidateResult> Candidates,
    CandidateResult Selected,
    EvaluationMetrics PopularityTest,
    IReadOnlyList<ReferenceSample> ReferenceDistributions,
    TimeSpan Duration)
{
    public long WindowStart => Split.Train.Count > 0 ? Split.Train[0].EventTime : 0;

    public long WindowEnd => Split.Test.Count > 0 ? Split.Test[^1].EventTime : 0;
}
