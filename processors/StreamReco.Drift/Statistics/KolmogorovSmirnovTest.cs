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
        var g = ExactTwoSampleKs.Gcd(n1, n2);
        long n1g = n1 / g;
        long n2g = n2 / g;

        // One merge pass: after consuming every value equal to v from both samples, c1/n1 and c2/n2 are the ECDFs at v.
        int i = 0, j = 0;
        var maxDiff = double.NegativeInfinity;
        var minDiff = double.PositiveInfinity;
        long maxLattice = 0;
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

            var diff = (i / (double)n1) - (j / (double)n2);
            maxDiff = Math.Max(maxDiff, diff);
            minDiff = Math.Min(minDiff, diff);
            maxLattice = Math.Max(maxLattice, Math.Abs((i * n2g) - (j * n1g)));
        }

        var minusMin = Math.Clamp(-minDiff, 0.0, 1.0);
        var d = minusMin > maxDiff ? minusMin : maxDiff;

        var mode = method switch
        {
            KsMethod.Auto => Math.Max(n1, n2) <= MaxAutoExactN ? KsMethod.Exact : KsMethod.Asymptotic,
            KsMethod.Exact => n1g >= int.MaxValue / (double)n2g ? KsMethod.Asymptotic : KsMethod.Exact,
            KsMethod.Asymptotic => KsMethod.Asymptotic,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown KS method."),
        };

        if (mode == KsMethod.Exact)
        {
            double lcm = n1g * n2;
            var p = ExactTwoSampleKs.SurvivalAtLattice(n1, n2, maxLattice);
            return new KsTestResult(maxLattice / lcm, Math.Clamp(p, 0.0, 1.0), KsMethod.Exact);
        }

        return new KsTestResult(d, AsymptoticPValue(n1, n2, d), KsMethod.Asymptotic);
    }

    /// <summary>P(D_N >= d) with the effective size N = round-half-even(n1 n2 / (n1 + n2)).</summary>
    public static double AsymptoticPValue(int n1, int n2, double d)
    {
        double large = Math.Max(n1, n2);
        double small = Math.Min(n1, n2);
        var effective = Math.Round(large * small / (large + small), MidpointRounding.ToEven);
        return Math.Clamp(KolmogorovDistribution.Survival((int)effective, d), 0.0, 1.0);
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
