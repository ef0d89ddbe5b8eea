using StreamReco.Drift.Statistics;
using StreamReco.Drift.Windowing;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Tests.Windowing;

/// <summary>An observation with update count k must count exactly as k observations of the same values by the same entity.</summary>
public sealed class WeightedObservationTests
{
    private const long WindowMs = 60_000;

    public static TheoryData<string> Windows => ["tumbling", "sliding"];

    [Fact]
    public void Weighted_independent_values_give_the_exact_test_of_the_sample_with_each_value_repeated()
    {
        var weighted = Engine("tumbling");
        var repeated = Engine("tumbling");
        var rng = new Random(11);
        var raw = new List<double>();
        for (var i = 0; i < 120; i++)
        {
            // Rounded values tie with each other across updates; the shift makes D large enough to matter.
            var value = Math.Round(Normal(rng) + 0.4, 1);
            var k = 1 + rng.Next(5);
            Assert.Equal(ObservationOutcome.Accepted, weighted.Observe("a", value, i * 100L, k));
            for (var j = 0; j < k; j++)
            {
                Assert.Equal(ObservationOutcome.Accepted, repeated.Observe("a", value, i * 100L));
                raw.Add(value);
            }
        }

        var (result, expected) = CloseBoth(weighted, repeated);
        var single = Assert.Single(result);
        Assert.Equal(Assert.Single(expected), single);
        Assert.Equal(raw.Count, single.Metric.LiveCount);
        Assert.Equal(raw.Count, single.EffectiveLiveCount);

        // Under 10 000 live values the plain test is scipy's exact one on the repeated raw sample.
        var scipy = KolmogorovSmirnovTest.TwoSample(ReferenceValues("a"), raw.ToArray());
        Assert.Equal(KsMethod.Exact, scipy.Method);
        Assert.Equal(scipy.Statistic, single.Metric.StatisticD);
        Assert.Equal(scipy.PValue, single.Metric.PValue);
        Assert.True(single.Metric.PValue < 0.05);
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Weighted_entity_updates_give_the_same_d_p_n_effective_size_and_psi_as_repeated_updates(string window)
    {
        var weighted = Engine(window);
        var repeated = Engine(window);
        var rng = new Random(5);
        var clusterSizes = new Dictionary<(long Window, string Entity), long>();
        for (var i = 0; i < 400; i++)
        {
            var entity = "user:" + rng.Next(25);
            var t = i * 450L;
            IReadOnlyList<KeyValuePair<string, double>> values = [new("a", Normal(rng)), new("b", Normal(rng) + 0.3), new("unknown", 1.0)];
            var k = rng.Next(4) == 0 ? 1 + rng.Next(6) : 1;
            var outcomes = weighted.Observe(entity, values, t, k);
            for (var j = 0; j < k; j++)
            {
                Assert.Equal(outcomes, repeated.Observe(entity, values, t));
            }

            Assert.Equal([ObservationOutcome.Accepted, ObservationOutcome.Accepted, ObservationOutcome.UnknownFeature], outcomes);
            foreach (var start in Spec(window).WindowStartsFor(t))
            {
                clusterSizes[(start, entity)] = clusterSizes.GetValueOrDefault((start, entity)) + k;
            }
        }

        var (results, expected) = CloseBoth(weighted, repeated);
        Assert.Equal(expected, results);
        Assert.Equal(window == "tumbling" ? 6 : 14, results.Count);
        foreach (var result in results)
        {
            var sizes = clusterSizes.Where(c => c.Key.Window == result.Metric.WindowStart).Select(c => (double)c.Value).ToList();
            var n = sizes.Sum();
            Assert.Equal(n, result.Metric.LiveCount);
            Assert.Equal(n * n / sizes.Sum(m => m * m), result.EffectiveLiveCount, 9);
            Assert.True(result.EffectiveLiveCount < n);

            // Repeated entities: the asymptotic p-value at Kish's effective size.
            Assert.Equal(
                KolmogorovSmirnovTest.EffectiveSizePValue(1000, result.EffectiveLiveCount, result.Metric.StatisticD), result.Metric.PValue);
        }
    }

    [Fact]
    public void A_weighted_update_grows_the_entity_cluster_like_separate_updates_and_so_lowers_the_effective_size()
    {
        var engine = Engine("tumbling");
        engine.Observe("user:1", [new("a", 0.1)], 0, 3);
        engine.Observe("user:1", [new("a", 0.2)], 100);
        engine.Observe("user:2", [new("a", 0.3)], 200, 2);
        engine.Observe("user:3", [new("a", 0.4)], 300);

        engine.AdvanceStreamTime(WindowMs);
        var result = Assert.Single(engine.CloseDueWindowsWithSampleSizes());

        // m = (4, 2, 1): N = 7, sum m^2 = 21.
        Assert.Equal(7, result.Metric.LiveCount);
        Assert.Equal(49 / 21.0, result.EffectiveLiveCount, 12);
    }

    [Fact]
    public void Late_weighted_values_count_their_updates_and_weights_below_one_are_rejected()
    {
        var engine = Engine("tumbling");
        engine.Observe("user:1", [new("a", 0.1)], 0);
        engine.AdvanceStreamTime(2 * WindowMs);
        Assert.Single(engine.CloseDueWindows());
        Assert.Equal([ObservationOutcome.Late, ObservationOutcome.Late], engine.Observe("user:1", [new("a", 0.2), new("b", 0.3)], 10, 4));
        Assert.Equal(8, engine.LateCount);

        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Observe("user:1", [new("a", 0.2)], 3 * WindowMs, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Observe("a", 0.2, 3 * WindowMs, -1));
        var histogram = new ReferenceGridHistogram(ReferenceDistribution.FromUnsorted("a", [1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Add(1.0, 0));
        Assert.Equal(0, histogram.Count);
    }

    [Fact]
    public void Weighted_values_beyond_the_exact_limit_match_repeats_on_the_asymptotic_path()
    {
        var weighted = Engine("tumbling");
        var repeated = Engine("tumbling");
        var rng = new Random(17);
        var total = 0;
        for (var i = 0; i < 600; i++)
        {
            var value = Normal(rng) * 1.2;
            var k = 10 + rng.Next(30);
            total += k;
            weighted.Observe("a", value, i * 90L, k);
            for (var j = 0; j < k; j++)
            {
                repeated.Observe("a", value, i * 90L);
            }
        }

        Assert.True(total > KolmogorovSmirnovTest.MaxAutoExactN);
        var (results, expected) = CloseBoth(weighted, repeated);
        var result = Assert.Single(results);
        Assert.Equal(Assert.Single(expected), result);
        Assert.Equal(total, result.Metric.LiveCount);
        Assert.Equal(KolmogorovSmirnovTest.AsymptoticPValue(1000, total, result.Metric.StatisticD), result.Metric.PValue);
    }

    private static (IReadOnlyList<FeatureWindowResult> Weighted, IReadOnlyList<FeatureWindowResult> Repeated) CloseBoth(
        DriftWindowEngine weighted, DriftWindowEngine repeated)
    {
        weighted.AdvanceStreamTime(10 * WindowMs);
        repeated.AdvanceStreamTime(10 * WindowMs);
        return (weighted.CloseDueWindowsWithSampleSizes(), repeated.CloseDueWindowsWithSampleSizes());
    }

    private static DriftWindowSpec Spec(string window) => window == "tumbling"
        ? DriftWindowSpec.Tumbling(TimeSpan.FromMilliseconds(WindowMs))
        : DriftWindowSpec.Sliding(TimeSpan.FromMilliseconds(WindowMs), TimeSpan.FromMilliseconds(WindowMs / 2));

    private static DriftWindowEngine Engine(string window)
    {
        var engine = new DriftWindowEngine(new DriftEngineOptions { Window = Spec(window), Grace = TimeSpan.Zero });
        engine.SetReference(new ReferenceSet("v1", new[] { "a", "b" }.Select(f => new ReferenceSample(f, ReferenceValues(f), 1000))));
        return engine;
    }

    private static double[] ReferenceValues(string feature)
    {
        var rng = new Random(feature == "a" ? 1 : 2);
        return [.. Enumerable.Range(0, 1000).Select(_ => Math.Round(Normal(rng), 1)).Order()];
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
