namespace StreamReco.Trainer.Evaluation;

/// <summary>Binary classification metrics, implemented here so their definitions are explicit and unit-tested.</summary>
public static class BinaryMetrics
{
    /// <summary>
    /// ROC AUC as the Mann-Whitney statistic: the probability that a random positive scores above a random negative,
    /// ties counting one half (average ranks). NaN when only one class is present.
    /// </summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        CheckLengths(scores, labels);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positives = 0, rankSumOfPositives = 0;
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            // Ranks are 1-based; tied scores share the average of their ranks.
            var averageRank = (start + end + 2) / 2.0;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]] == 1)
                {
                    positives++;
                    rankSumOfPositives += averageRank;
                }
            }

            start = end + 1;
        }

        var negatives = scores.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (rankSumOfPositives - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>Mean negative log-likelihood (natural log); probabilities are clipped to [eps, 1-eps].</summary>
    public static double LogLoss(IReadOnlyList<double> probabilities, IReadOnlyList<int> labels, double epsilon = 1e-15)
    {
        CheckLengths(probabilities, labels);
        if (probabilities.Count == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], epsilon, 1 - epsilon);
            sum -= labels[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / probabilities.Count;
    }

    /// <summary>Precision, recall and F1 when predicting positive for probability &gt;= threshold. Undefined ratios are 0.</summary>
    public static ThresholdMetrics AtThreshold(IReadOnlyList<double> probabilities, IReadOnlyList<int> labels, double threshold)
    {
        CheckLengths(probabilities, labels);
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var predicted = probabilities[i] >= threshold;
            if (predicted && labels[i] == 1)
            {
                tp++;
            }
            else if (predicted)
            {
                fp++;
            }
            else if (labels[i] == 1)
            {
                fn++;
            }
        }

        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ThresholdMetrics(threshold, precision, recall, f1);
    }

    /// <summary>The threshold (one of the observed probabilities) that maximises F1; ties go to the higher threshold.</summary>
    public static ThresholdMetrics MaxF1Threshold(IReadOnlyList<double> probabilities, IReadOnlyList<int> labels)
    {
        CheckLengths(probabilities, labels);
        var totalPositives = labels.Count(l => l == 1);
        var best = new ThresholdMetrics(0.5, 0, 0, 0);
        if (totalPositives == 0)
        {
            return best;
        }

        // Sweep thresholds from high to low; at each distinct probability all rows >= it are predicted positive.
        var order = Enumerable.Range(0, probabilities.Count).OrderByDescending(i => probabilities[i]).ToArray();
        int tp = 0, fp = 0;
        var k = 0;
        while (k < order.Length)
        {
            var threshold = probabilities[order[k]];
            while (k < order.Length && probabilities[order[k]] == threshold)
            {
                if (labels[order[k]] == 1)
                {
                    tp++;
                }
                else
                {
                    fp++;
                }

                k++;
            }

            var precision = (double)tp / (tp + fp);
            var recall = (double)tp / totalPositives;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (f1 > best.F1)
            {
                best = new ThresholdMetrics(threshold, precision, recall, f1);
            }
        }

        return best;
    }

    private static void CheckLengths<T>(IReadOnlyList<double> values, IReadOnlyList<T> labels)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(labels);
        if (values.Count != labels.Count)
        {
            throw new ArgumentException("Values and labels differ in length: " + values.Count + " vs " + labels.Count + ".");
        }
    }
}
