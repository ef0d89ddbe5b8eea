namespace StreamReco.Trainer.Evaluation;

/// <summary>
/// Per-user ranking metrics with binary relevance (label 1 = relevant). Each user's rows are ranked by descending score;
/// ties are broken pessimistically (negatives first) so a constant scorer gains nothing from row order.
/// Users without any positive are skipped (no relevant item to find); the result averages over the remaining users.
/// </summary>
public static class RankingMetrics
{
    public static RankingScores Compute(IReadOnlyList<string> users, IReadOnlyList<double> scores, IReadOnlyList<int> labels, int k = 10)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (users.Count != scores.Count || users.Count != labels.Count)
        {
            throw new ArgumentException("users, scores and labels must have the same length.");
        }

        var byUser = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < users.Count; i++)
        {
            if (!byUser.TryGetValue(users[i], out var rows))
            {
                rows = [];
                byUser[users[i]] = rows;
            }

            rows.Add(i);
        }

        double ndcgSum = 0, hitSum = 0, mrrSum = 0;
        var evaluated = 0;
        foreach (var rows in byUser.Values)
        {
            var positives = rows.Count(i => labels[i] == 1);
            if (positives == 0)
            {
                continue;
            }

            var ranked = rows.OrderByDescending(i => scores[i]).ThenBy(i => labels[i]).ToArray();
            double dcg = 0, idcg = 0;
            var firstHit = -1;
            for (var r = 0; r < ranked.Length; r++)
            {
                if (labels[ranked[r]] != 1)
                {
                    continue;
                }

                if (firstHit < 0)
                {
                    firstHit = r;
                }

                if (r < k)
                {
                    dcg += 1 / Math.Log2(r + 2);
                }
            }

            for (var r = 0; r < Math.Min(k, positives); r++)
            {
                idcg += 1 / Math.Log2(r + 2);
            }

            ndcgSum += dcg / idcg;
            hitSum += firstHit < k ? 1 : 0;
            mrrSum += 1.0 / (firstHit + 1);
            evaluated++;
        }

        return evaluated == 0
            ? new RankingScores(double.NaN, double.NaN, double.NaN, 0)
            : new RankingScores(ndcgSum / evaluated, hitSum / evaluated, mrrSum / evaluated, evaluated);
    }
}
