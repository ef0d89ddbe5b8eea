using System.Globalization;
using System.Text;
using StreamReco.Trainer.Evaluation;
using StreamReco.Trainer.Training;

namespace StreamReco.Trainer;

/// <summary>Offline evaluation outcome: every tuned candidate and the popularity baseline on the same held-out test period.</summary>
public sealed record OfflineEvaluationResult(TrainingOutcome Outcome)
{
    public CandidateResult Selected => Outcome.Selected;

    public EvaluationMetrics Popularity => Outcome.PopularityTest;

    /// <summary>Fixed-width table: one row per model plus the popularity baseline; the selected model is starred.</summary>
    public string FormatTable()
    {
        var split = Outcome.Split;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"Time split (oldest->newest): train {split.Train.Count} rows, validation {split.Validation.Count}, test {split.Test.Count}; ");
        sb.Append(CultureInfo.InvariantCulture, $"threshold chosen on validation (max F1); trained in {Outcome.Duration.TotalSeconds:F1} s").AppendLine();
        sb.AppendLine("model              |    AUC | logloss | precision | recall |     F1 | NDCG@10 |  HR@10 |    MRR | train-test AUC gap");
        sb.AppendLine("-------------------+--------+---------+-----------+--------+--------+---------+--------+--------+-------------------");
        foreach (var c in Outcome.Candidates)
        {
            var name = (c == Selected ? "* " : "  ") + c.Algorithm;
            Row(sb, name, c.Test, c.TrainTestAucGap.ToString("F4", CultureInfo.InvariantCulture));
        }

        Row(sb, "  popularity", Popularity, "n/a");
        foreach (var c in Outcome.Candidates)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{c.Algorithm}: {string.Join(", ", c.HyperParameters.ToDictionary().Select(p => p.Key + "=" + p.Value))}")
                .AppendLine();
        }

        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string name, EvaluationMetrics m, string gap) =>
        sb.Append(CultureInfo.InvariantCulture,
            $"{name,-19}| {m.Auc,6:F4} | {m.LogLoss,7:F4} | {m.AtThreshold.Precision,9:F4} | {m.AtThreshold.Recall,6:F4} | {m.AtThreshold.F1,6:F4} | ")
          .Append(CultureInfo.InvariantCulture, $"{m.Ranking.Ndcg,7:F4} | {m.Ranking.HitRate,6:F4} | {m.Ranking.Mrr,6:F4} | {gap}")
          .AppendLine();
}
