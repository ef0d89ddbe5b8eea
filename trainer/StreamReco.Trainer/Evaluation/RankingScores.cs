namespace StreamReco.Trainer.Evaluation;

/// <summary>Mean NDCG@k, HitRate@k and MRR over <see cref="Users"/> users that had at least one positive.</summary>
public sealed record RankingScores(double Ndcg, double HitRate, double Mrr, int Users);
