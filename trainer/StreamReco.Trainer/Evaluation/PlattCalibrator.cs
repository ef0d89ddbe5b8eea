namespace StreamReco.Trainer.Evaluation;

/// <summary>
/// Platt scaling p = 1 / (1 + exp(-(A*s + B))), fitted by Newton's method on a held-out period. Turns ranking scores and
/// popularity counts into probabilities so that log loss and thresholds are comparable with the classifiers'.
/// </summary>
public sealed record PlattCalibrator(double A, double B)
{
    public double Probability(double score) => 1 / (1 + Math.Exp(-(A * score + B)));

    public static PlattCalibrator Fit(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var positives = labels.Count(l => l == 1);
        var negatives = labels.Count - positives;
        // Platt's smoothed targets keep the fit finite when the classes separate perfectly.
        var hi = (positives + 1.0) / (positives + 2.0);
        var lo = 1.0 / (negatives + 2.0);
        double a = 0, b = Math.Log((positives + 1.0) / (negatives + 1.0));
        const double Ridge = 1e-6;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double gA = 0, gB = 0, hAA = Ridge, hAB = 0, hBB = Ridge;
            for (var i = 0; i < scores.Count; i++)
            {
                var p = 1 / (1 + Math.Exp(-(a * scores[i] + b)));
                var t = labels[i] == 1 ? hi : lo;
                var d = p - t;
                var w = Math.Max(p * (1 - p), 1e-12);
                gA += d * scores[i];
                gB += d;
                hAA += w * scores[i] * scores[i];
                hAB += w * scores[i];
                hBB += w;
            }

            var det = hAA * hBB - hAB * hAB;
            if (Math.Abs(det) < 1e-18)
            {
                break;
            }

            var stepA = (hBB * gA - hAB * gB) / det;
            var stepB = (hAA * gB - hAB * gA) / det;
            a -= stepA;
            b -= stepB;
            if (Math.Abs(stepA) + Math.Abs(stepB) < 1e-9)
            {
                break;
            }
        }

        return double.IsFinite(a) && double.IsFinite(b) ? new PlattCalibrator(a, b) : new PlattCalibrator(0, Math.Log((positives + 1.0) / (negatives + 1.0)));
    }
}
