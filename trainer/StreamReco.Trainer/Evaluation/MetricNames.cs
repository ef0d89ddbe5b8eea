namespace StreamReco.Trainer.Evaluation;

/// <summary>Metric names as they appear in <c>ModelVersion.metrics</c> and in options (primary metric).</summary>
public static class MetricNames
{
    public const string Auc = "auc";
    public const string LogLoss = "log_loss";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string F1 = "f1";
    public const string Threshold = "threshold";
    public const string NdcgAt10 = "ndcg_at_10";
    public const string HitRateAt10 = "hit_rate_at_10";
    public const string Mrr = "mrr";
    public const string TrainAuc = "train_auc";
    public const string TrainTestAucGap = "train_test_auc_gap";
    public const string TestRows = "test_rows";

    /// <summary>True for metrics a model can be tuned on and compared by.</summary>
    public static bool IsComparable(string metric) => metric is Auc or LogLoss or Precision or Recall or F1 or NdcgAt10 or HitRateAt10 or Mrr;

    /// <summary>True for metrics where lower is better.</summary>
    public static bool LowerIsBetter(string metric) => metric is LogLoss or TrainTestAucGap;
}
