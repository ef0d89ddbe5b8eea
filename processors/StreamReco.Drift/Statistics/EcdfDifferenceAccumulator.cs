namespace StreamReco.Drift.Statistics;

/// <summary>
/// Accumulates the KS statistic from ECDF evaluation points given as cumulative counts (c1 of n1, c2 of n2) and
/// turns it into a test result exactly as scipy.stats.ks_2samp does. Callers that hold counts instead of raw values
/// (<see cref="ReferenceGridHistogram"/>) get the same D and p as the test on the raw samples, provided they add
/// every point at which the supremum can be attained.
/// </summary>
public struct EcdfDifferenceAccumulator
{
    private readonly long _n1;
    private readonly long _n2;
    private readonly long _n1g;
    private readonly long _n2g;
    private double _maxDiff;
    private double _minDiff;
    private long _maxLattice;

    public EcdfDifferenceAccumulator(long n1, long n2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n2, 1);
        _n1 = n1;
        _n2 = n2;
        var g = ExactTwoSampleKs.Gcd(n1, n2);
        _n1g = n1 / g;
        _n2g = n2 / g;
        _maxDiff = 0;
        _minDiff = 0;
        _maxLattice = 0;
    }

    /// <summary>Adds one evaluation point where F1 = c1/n1 and F2 = c2/n2.</summary>
    public void Add(long c1, long c2)
    {
        // numpy evaluates cdf1 - cdf2 as two divisions and a subtraction; the asymptotic D must be that double.
        var diff = (c1 / (double)_n1) - (c2 / (double)_n2);
        _maxDiff = Math.Max(_maxDiff, diff);
        _minDiff = Math.Min(_minDiff, diff);

        // Exact lattice distance |c1 n2 - c2 n1| / gcd, an integer (Int128 guards the product for huge live counts).
        var lattice = Int128.Abs(((Int128)c1 * _n2g) - ((Int128)c2 * _n1g));
        _maxLattice = (long)Int128.Max(_maxLattice, lattice);
    }

    /// <summary>D and the two-sided p-value for the points added so far.</summary>
    public readonly KsTestResult Finish(KsMethod method = KsMethod.Auto)
    {
        var minusMin = Math.Clamp(-_minDiff, 0.0, 1.0);
        var d = minusMin > _maxDiff ? minusMin : _maxDiff;
        var mode = method switch
        {
            KsMethod.Auto => Math.Max(_n1, _n2) <= KolmogorovSmirnovTest.MaxAutoExactN ? KsMethod.Exact : KsMethod.Asymptotic,
            KsMethod.Exact => _n1g >= int.MaxValue / (double)_n2g ? KsMethod.Asymptotic : KsMethod.Exact,
            KsMethod.Asymptotic => KsMethod.Asymptotic,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown KS method."),
        };

        if (mode == KsMethod.Exact)
        {
            double lcm = _n1g * _n2;
            var p = ExactTwoSampleKs.SurvivalAtLattice((int)_n1, (int)_n2, _maxLattice);
            return new KsTestResult(_maxLattice / lcm, p, KsMethod.Exact);
        }

        return new KsTestResult(d, KolmogorovSmirnovTest.AsymptoticPValue(_n1, _n2, d), KsMethod.Asymptotic);
    }
}
