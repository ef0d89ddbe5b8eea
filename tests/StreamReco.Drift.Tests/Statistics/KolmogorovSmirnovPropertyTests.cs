using StreamReco.Drift.Statistics;

namespace StreamReco.Drift.Tests.Statistics;

/// <summary>Checks independent of scipy: brute-force enumeration of the exact null and input validation.</summary>
public sealed class KolmogorovSmirnovPropertyTests
{
    [Theory]
    [InlineData(3, 4)]
    [InlineData(4, 6)]
    [InlineData(5, 5)]
    [InlineData(6, 9)]
    [InlineData(7, 8)]
    public void Exact_p_value_equals_brute_force_enumeration_of_all_interleavings(int n1, int n2)
    {
        // Under H0 each of the C(n1+n2, n1) orderings is equally likely; D is a function of the ordering.
        var lcm = n1 / (int)Gcd(n1, n2) * n2;
        var counts = new Dictionary<long, long>();
        long total = 0;
        foreach (var mask in Combinations(n1 + n2, n1))
        {
            long c1 = 0, c2 = 0, h = 0;
            for (var k = 0; k < n1 + n2; k++)
            {
                if ((mask & (1L << k)) != 0)
                {
                    c1++;
                }
                else
                {
                    c2++;
                }

                h = Math.Max(h, Math.Abs((c1 * (lcm / n1)) - (c2 * (lcm / n2))));
            }

            counts[h] = counts.GetValueOrDefault(h) + 1;
            total++;
        }

        foreach (var h in counts.Keys)
        {
            var atLeast = counts.Where(kv => kv.Key >= h).Sum(kv => kv.Value) / (double)total;
            var computed = ExactTwoSampleKs.SurvivalAtLattice(n1, n2, h);
            Assert.Equal(atLeast, computed, 1e-13);
        }
    }

    [Fact]
    public void Result_is_symmetric_in_the_two_samples()
    {
        var rng = new Random(7);
        var x = Enumerable.Range(0, 40).Select(_ => rng.NextDouble()).ToArray();
        var y = Enumerable.Range(0, 55).Select(_ => rng.NextDouble() + 0.2).ToArray();
        var xy = KolmogorovSmirnovTest.TwoSample(x, y);
        var yx = KolmogorovSmirnovTest.TwoSample(y, x);
        Assert.Equal(xy.Statistic, yx.Statistic);
        Assert.Equal(xy.PValue, yx.PValue, 1e-15);
    }

    [Fact]
    public void Asymptotic_method_can_be_forced_and_uses_the_unrounded_statistic()
    {
        double[] x = [0.1, 0.2, 0.3, 0.4];
        double[] y = [0.15, 0.5, 0.6];
        var result = KolmogorovSmirnovTest.TwoSample(x, y, KsMethod.Asymptotic);
        Assert.Equal(KsMethod.Asymptotic, result.Method);
        Assert.Equal(2.0 / 3.0, result.Statistic, 1e-15);
        Assert.Equal(KolmogorovDistribution.Survival(2, result.Statistic), result.PValue);
    }

    [Fact]
    public void Invalid_samples_are_rejected_with_clear_errors()
    {
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnovTest.TwoSample([], [1.0]));
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnovTest.TwoSample([1.0, double.NaN], [1.0]));
        var unsorted = Assert.Throws<ArgumentException>(() => KolmogorovSmirnovTest.TwoSampleSorted([2.0, 1.0], [1.0]));
        Assert.Contains("not sorted", unsorted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kolmogorov_survival_is_monotone_non_increasing_in_d_across_method_switches()
    {
        foreach (var n in new[] { 7, 140, 141, 5000, 20_000 })
        {
            var previous = 1.0;
            for (var i = 1; i < 500; i++)
            {
                var d = i / 500.0;
                var sf = KolmogorovDistribution.Survival(n, d);
                Assert.InRange(sf, 0.0, 1.0);

                // Method switches (exact / Pelz-Good / 2 x Smirnov) may leave tiny steps, never a real increase.
                Assert.True(sf <= previous * (1 + 1e-4) + 1e-12, $"n={n} d={d}: {sf} > {previous}");
                previous = sf;
            }
        }
    }

    private static IEnumerable<long> Combinations(int length, int ones)
    {
        for (long mask = 0; mask < 1L << length; mask++)
        {
            if (long.PopCount(mask) == ones)
            {
                yield return mask;
            }
        }
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
