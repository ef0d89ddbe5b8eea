using StreamReco.Trainer.Evaluation;

namespace StreamReco.Trainer.Tests;

public sealed class MetricsTests
{
    [Fact]
    public void Auc_counts_positive_negative_pairs()
    {
        // Pairs (pos, neg): (0.35,0.1) win, (0.35,0.4) loss, (0.8,0.1) win, (0.8,0.4) win -> 3/4.
        Assert.Equal(0.75, BinaryMetrics.Auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 12);
    }

    [Fact]
    public void Auc_counts_ties_as_half()
    {
        // (0.5,0.5) x2 ties = 1, (0.9, 0.5) x2 wins = 2 -> 3/4.
        Assert.Equal(0.75, BinaryMetrics.Auc([0.5, 0.5, 0.5, 0.9], [1, 0, 0, 1]), 12);
        Assert.Equal(0.5, BinaryMetrics.Auc([0.3, 0.3, 0.3, 0.3], [1, 0, 1, 0]), 12);
        Assert.Equal(0.0, BinaryMetrics.Auc([0.9, 0.1], [0, 1]), 12);
    }

    [Fact]
    public void Auc_is_nan_for_a_single_class()
    {
        Assert.True(double.IsNaN(BinaryMetrics.Auc([0.1, 0.2], [1, 1])));
    }

    [Fact]
    public void Log_loss_matches_hand_value()
    {
        // -(ln 0.9 + ln 0.8) / 2
        Assert.Equal(0.1642520, BinaryMetrics.LogLoss([0.9, 0.2], [1, 0]), 6);
        Assert.True(double.IsFinite(BinaryMetrics.LogLoss([0.0, 1.0], [1, 0])), "clipped, not infinite");
    }

    [Fact]
    public void Precision_recall_f1_at_threshold_match_hand_values()
    {
        // >= 0.5 predicts rows 0, 1, 3: tp = 2 (rows 0, 3), fp = 1 (row 1), fn = 1 (row 2).
        var m = BinaryMetrics.AtThreshold([0.9, 0.8, 0.3, 0.6, 0.1], [1, 0, 1, 1, 0], 0.5);
        Assert.Equal(2.0 / 3, m.Precision, 12);
        Assert.Equal(2.0 / 3, m.Recall, 12);
        Assert.Equal(2.0 / 3, m.F1, 12);
    }

    [Fact]
    public void Max_f1_threshold_picks_the_best_cut()
    {
        // Cuts: 0.9 -> F1 .5, 0.8 -> .4, 0.6 -> 2/3, 0.3 -> P .75 R 1 F1 6/7, 0.1 -> .75.
        var m = BinaryMetrics.MaxF1Threshold([0.9, 0.8, 0.3, 0.6, 0.1], [1, 0, 1, 1, 0]);
        Assert.Equal(0.3, m.Threshold);
        Assert.Equal(6.0 / 7, m.F1, 12);
        Assert.Equal(0.75, m.Precision, 12);
        Assert.Equal(1.0, m.Recall, 12);
    }

    [Fact]
    public void Ranking_metrics_match_hand_values()
    {
        // User a ranks neg, pos, pos: DCG = 1/log2(3) + 1/log2(4), IDCG = 1 + 1/log2(3); first hit at rank 2.
        // User b ranks pos first: NDCG 1, MRR 1. User c has no positive and is skipped.
        string[] users = ["a", "a", "a", "b", "b", "c"];
        double[] scores = [0.9, 0.8, 0.7, 0.2, 0.1, 0.5];
        int[] labels = [0, 1, 1, 1, 0, 0];
        var ndcgA = (1 / Math.Log2(3) + 0.5) / (1 + 1 / Math.Log2(3));

        var r = RankingMetrics.Compute(users, scores, labels, 10);

        Assert.Equal(2, r.Users);
        Assert.Equal((ndcgA + 1) / 2, r.Ndcg, 12);
        Assert.Equal(0.846713, r.Ndcg, 5);
        Assert.Equal(1.0, r.HitRate, 12);
        Assert.Equal(0.75, r.Mrr, 12);
    }

    [Fact]
    public void Ranking_metrics_truncate_at_k()
    {
        var r = RankingMetrics.Compute(["a", "a", "a", "b", "b"], [0.9, 0.8, 0.7, 0.2, 0.1], [0, 1, 1, 1, 0], 1);

        Assert.Equal(0.5, r.HitRate, 12);
        Assert.Equal(0.5, r.Ndcg, 12);
        Assert.Equal(0.75, r.Mrr, 12); // MRR looks at the full list.
    }

    [Fact]
    public void Ranking_ties_are_broken_pessimistically()
    {
        var r = RankingMetrics.Compute(["a", "a", "a"], [0.5, 0.5, 0.5], [1, 0, 0], 10);

        Assert.Equal(1.0 / 3, r.Mrr, 12);
        Assert.Equal(0.5, r.Ndcg, 12); // hit at rank 3: 1/log2(4)
    }

    [Fact]
    public void Platt_calibration_recovers_a_known_sigmoid()
    {
        var random = new Random(3);
        var scores = new double[20_000];
        var labels = new int[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = random.NextDouble() * 4 - 2;
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-(2 * scores[i] - 1))) ? 1 : 0;
        }

        var calibrator = PlattCalibrator.Fit(scores, labels);

        Assert.InRange(calibrator.A, 1.8, 2.2);
        Assert.InRange(calibrator.B, -1.2, -0.8);
    }

    [Fact]
    public void Reservoir_sample_is_seeded_sorted_and_bounded()
    {
        var a = new ReservoirSampler(100, 5);
        var b = new ReservoirSampler(100, 5);
        for (var i = 0; i < 10_000; i++)
        {
            a.Add(i);
            b.Add(i);
        }

        var sample = a.SortedSample();
        Assert.Equal(100, sample.Length);
        Assert.Equal(10_000, a.Seen);
        Assert.Equal(sample, b.SortedSample());
        Assert.Equal(sample.Order(), sample);
        // A uniform sample of 0..9999 has its mean near 5000.
        Assert.InRange(sample.Average(), 4000, 6000);
    }
}
