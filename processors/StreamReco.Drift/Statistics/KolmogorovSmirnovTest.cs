namespace StreamReco.Drift.Statistics;

/// <summary>
/// Two-sample two-sided Kolmogorov-Smirnov test, numerically equivalent to
/// scipy.stats.ks_2samp(x, y, alternative='two-sided', method=...) of scipy 1.10.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>D is evaluated at every observation with right-continuous ECDFs, so ties within and across samples count
/// once, after all equal values (scipy's searchsorted(side='right')).</item>
/// <item>Auto uses the exact distribution when max(n1, n2) &lt;= 10 000, otherwise the asymptotic one.</item>
/// <item>Exact: D is reported as the lattice value h / lcm(n1, n2) (h = |c1 n2 - c2 n1| / gcd, an integer) and
/// p = P(D' >= D) from <see cref="ExactTwoSampleKs"/>. These computations cannot fail, so scipy's "exact failed,
/// switch to asymp" fallback is never needed.</item>
/// <item>Asymptotic: D = max(c1/n1 - c2/n2, c2/n2 - c1/n1) in double exactly as numpy computes it, and
/// p = P(D_N >= D) of the one-sample two-sided distribution with N = round-half-even(n1 n2 / (n1 + n2)).</item>
/// </list>
/// NaN is rejected (scipy's result with NaN is not meaningful); infinities are ordinary values.
/// </remarks>
public static class KolmogorovSmirnovTest
{
    /// <summary>'auto' is exact up to this many observations in the larger sample.</summary>
    public const int MaxAutoExactN = 10_000;

    /// <summary>Test on unsorted samples (copies and sorts them).</summary>
    public static KsTestResult TwoSample(ReadOnlySpan<double> x, ReadOnlySpan<double> y, KsMethod method = KsMethod.Auto)
    {
        var xs = x.ToArray();
        var ys = y.ToArray();
        Array.Sort(xs);
        Array.Sort(ys);
        return TwoSampleSorted(xs, ys, method);
    }

    /// <summary>Test on samples already sorted ascending (e.g. <c>ReferenceSample.Values</c>); verified, not trusted.</summary>
    public static KsTestResult TwoSampleSorted(ReadOnlySpan<double> x, ReadOnlySpan<double> y, KsMethod method = KsMethod.Auto)
    {
        Validate(x, nameof(x));
        Validate(y, nameof(y));
        var n1 = x.Length;
        var n2 = y.Length;

        // One merge pass: after consuming every value equal to v from both samples, c1/n1 and c2/n2 are the ECDFs at v.
        var accumulator = new EcdfDifferenceAccumulator(n1, n2);
        int i = 0, j = 0;
        while (i < n1 || j < n2)
        {
            var v = i < n1 && (j >= n2 || x[i] <= y[j]) ? x[i] : y[j];
            while (i < n1 && x[i] == v)
            {
                i++;
            }

            while (j < n2 && y[j] == v)
            {
                j++;
            }

            accumulator.Add(i, j);
        }

        return accumulator.Finish(method);
    }

    /// <summary>P(D_N >= d) with the effective size N = round-half-even(n1 n2 / (n1 + n2)).</summary>
    public static double AsymptoticPValue(long n1, long n2, double d)
    {
        double large = Math.Max(n1, n2);
        double small = Math.Min(n1, n2);
        var effective = Math.Round(large * small / (large + small), MidpointRounding.ToEven);
        if (effective > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(n1), "Effective sample size exceeds the supported range.");
        }

        return Math.Clamp(KolmogorovDistribution.Survival((int)effective, d), 0.0, 1.0);
    }

    /// <summary>
    /// Asymptotic p-value when the live sample is worth <paramref name="effectiveLiveCount"/> independent observations
    /// (a clustered sample, see <c>LiveSampleSize.EntityClusters</c>): P(D_N >= d) with
    /// N = round-half-even(n_ref n_eff / (n_ref + n_eff)), at least 1, i.e. ks_2samp(method='asymp') with n_eff for n_live.
    /// </summary>
    public static double EffectiveSizePValue(long referenceCount, double effectiveLiveCount, double d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(referenceCount, 1);
        if (!(effectiveLiveCount >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(effectiveLiveCount), effectiveLiveCount, "The effective live size must be at least 1.");
        }

        double reference = referenceCount;
        var effective = Math.Max(1, Math.Round(reference * effectiveLiveCount / (reference + effectiveLiveCount), MidpointRounding.ToEven));
        return Math.Clamp(KolmogorovDistribution.Survival((int)Math.Min(effective, int.MaxValue), d), 0.0, 1.0);
    }

    private static void Validate(ReadOnlySpan<double> sample, string name)
    {
        if (sample.IsEmpty)
        {
            throw new ArgumentException("A KS sample must not be empty.", name);
        }

        for (var k = 0; k < sample.Length; k++)
        {
            if (double.IsNaN(sample[k]))
            {
                throw new ArgumentException($"A KS sample must not contain NaN (index {k}).", name);
            }

            if (k > 0 && sample[k] < sample[k - 1])
            {
                throw new ArgumentException($"The sample is not sorted ascending at index {k}.", name);
            }
        }
    }
}
