namespace StreamReco.Trainer.Evaluation;

/// <summary>Metrics of one scorer on one data period.</summary>
public sealed record EvaluationMetrics(
    double Auc,
    double LogLoss,
    ThresholdMetrics AtThreshold,
    RankingScores Ranking,
    int Rows)
{
    /// <summary>Looks a metric up by its <see cref="MetricNames"/> name.</summary>
    public double Get(string metric) => metric switch
    {
        MetricNames.Auc => Auc,
        MetricNames.LogLoss => LogLoss,
        MetricNames.Precision => AtThreshold.Precision,
        MetricNames.Recall => AtThreshold.Recall,
        MetricNames.F1 => AtThreshold.F1,
        MetricNames.Threshold => AtThreshold.Threshold,
        MetricNames.NdcgAt10 => Ranking.Ndcg,
        MetricNames.HitRateAt10 => Ranking.HitRate,
        MetricNames.Mrr => Ranking.Mrr,
        MetricNames.TestRows => Rows,
        _ => throw new ArgumentException("Unknown metric '" + metric + "'.", nameof(metric)),
    };

    public Dictionary<string, double> ToDictionary() => new(StringComparer.Ordinal)
    {
        [MetricNames.Auc] = Auc,
        [MetricNames.LogLoss] = LogLoss,
        [MetricNames.Precision] = AtThreshold.Precision,
        [MetricNames.Recall] = AtThreshold.Recall,
        [MetricNames.F1] = AtThreshold.F1,
        [MetricNames.Threshold] = AtThreshold.Threshold,
        [MetricNames.NdcgAt10] = Ranking.Ndcg,
        [MetricNames.HitRateAt10] = Ranking.HitRate,
        [MetricNames.Mrr] = Ranking.Mrr,
        [MetricNames.TestRows] = Rows,
    };

    /// <summary>All metrics for scores/probabilities on one period, thresholded at <paramref name="threshold"/>.</summary>
    public static EvaluationMetrics Compute(
        IReadOnlyList<string> users, IReadOnlyList<double> scores, IReadOnlyList<double> probabilities, IReadOnlyList<int> labels, double threshold)
    {
        return new EvaluationMetrics(
            BinaryMetrics.Auc(scores, labels),
            BinaryMetrics.LogLoss(probabilities, labels),
            BinaryMetrics.AtThreshold(probabilities, labels, threshold),
            RankingMetrics.Compute(users, scores, labels, 10),
            labels.Count);
    }
}
