namespace StreamReco.Trainer.Evaluation;

/// <summary>Precision, recall and F1 of "predict positive when probability &gt;= threshold".</summary>
public sealed record ThresholdMetrics(double Threshold, double Precision, double Recall, double F1);
