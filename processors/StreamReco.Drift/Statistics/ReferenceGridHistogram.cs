namespace StreamReco.Drift.Statistics;

/// <summary>
/// Bounded-memory, mergeable summary of a live distribution against one fixed reference sample, from which the KS
/// statistic and p-value are recovered EXACTLY (error bound eps = 0 on D), plus PSI over reference deciles.
/// </summary>
/// <remarks>
/// With the K distinct reference values r_0 &lt; ... &lt; r_(K-1), it counts live values equal to each r_i and live
/// values strictly between neighbours (2K + 1 counters, independent of the live volume). F_ref is constant between
/// reference values and F_live is monotone there, so |F_ref - F_live| over the live points of an interval is largest
/// at one of its ends: at r_i itself or at the last live point before r_(i+1). Both are data points whose ECDF values
/// follow from the counts, so D (and, as D, n_ref and n_live are exact, the p-value) equals scipy's ks_2samp on the raw
/// data. Histograms of the same reference merge by adding counters (sliding windows, partitions).
/// </remarks>
public sealed class ReferenceGridHistogram
{
    private readonly ReferenceDistribution _reference;
    private readonly long[] _equal;
    private readonly long[] _between;

    public ReferenceGridHistogram(ReferenceDistribution reference)
    {
        _reference = reference ?? throw new ArgumentNullException(nameof(reference));
        _equal = new long[reference.DistinctValues.Length];
        _between = new long[reference.DistinctValues.Length + 1];
    }

    public ReferenceDistribution Reference => _reference;

    /// <summary>Live observations added (before any sampling: nothing is sampled).</summary>
    public long Count { get; private set; }

    /// <summary>Counters held, 2K + 1 for K distinct reference values.</summary>
    public int CounterCount => _equal.Length + _between.Length;

    public void Add(double value) => Add(value, 1);

    /// <summary>
    /// Adds <paramref name="value"/> <paramref name="count"/> times: the counters, and so D, p and PSI, are exactly those
    /// of a live sample holding the value <paramref name="count"/> times.
    /// </summary>
    public void Add(double value, long count)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("A live feature value must not be NaN.", nameof(value));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var index = Array.BinarySearch(_reference.DistinctValues, value);
        if (index >= 0)
        {
            _equal[index] += count;
        }
        else
        {
            _between[~index] += count;
        }

        Count += count;
    }

    /// <summary>Adds the counts of <paramref name="other"/> (same reference instance) into this histogram.</summary>
    public void Merge(ReferenceGridHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ReferenceEquals(other._reference, _reference))
        {
            throw new InvalidOperationException("Histograms over different reference distributions cannot be merged.");
        }

        for (var i = 0; i < _equal.Length; i++)
        {
            _equal[i] += other._equal[i];
        }

        for (var i = 0; i < _between.Length; i++)
        {
            _between[i] += other._between[i];
        }

        Count += other.Count;
    }

    /// <summary>KS test of reference vs live, identical to ks_2samp(reference values, live values, method).</summary>
    public KsTestResult KolmogorovSmirnov(KsMethod method = KsMethod.Auto)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The live distribution is empty.");
        }

        var cumulativeReference = _reference.CumulativeCounts;
        var accumulator = new EcdfDifferenceAccumulator(_reference.Count, Count);
        long live = 0;
        for (var i = 0; i < _equal.Length; i++)
        {
            if (_between[i] > 0)
            {
                // Last live point strictly below r_i: F_ref is still at r_(i-1).
                live += _between[i];
                accumulator.Add(i == 0 ? 0 : cumulativeReference[i - 1], live);
            }

            live += _equal[i];
            accumulator.Add(cumulativeReference[i], live);
        }

        // Live points above the largest reference value: |1 - F_live| only shrinks there.
        return accumulator.Finish(method);
    }

    /// <summary>
    /// Population stability index sum (a - e) ln(a / e) over the reference decile bins (see
    /// <see cref="ReferenceDistribution.DecileEdgeIndices"/>), proportions floored at <paramref name="epsilon"/> so an
    /// empty bin contributes a large but finite amount instead of infinity.
    /// </summary>
    public double PopulationStabilityIndex(double epsilon = PsiDefaults.Epsilon)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The live distribution is empty.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        var edges = _reference.DecileEdgeIndices;
        var cumulativeReference = _reference.CumulativeCounts;
        double referenceTotal = _reference.Count;
        double liveTotal = Count;
        var psi = 0.0;
        long previousReference = 0;
        long previousLive = 0;
        long live = 0;
        var distinct = 0;
        for (var bin = 0; bin <= edges.Length; bin++)
        {
            long referenceAtEdge;
            if (bin < edges.Length)
            {
                // Bins are right-closed: (edge_(b-1), edge_b].
                var edge = edges[bin];
                for (; distinct <= edge; distinct++)
                {
                    live += _between[distinct] + _equal[distinct];
                }

                referenceAtEdge = cumulativeReference[edge];
            }
            else
            {
                live = Count;
                referenceAtEdge = _reference.Count;
            }

            var expected = Math.Max((referenceAtEdge - previousReference) / referenceTotal, epsilon);
            var actual = Math.Max((live - previousLive) / liveTotal, epsilon);
            psi += (actual - expected) * Math.Log(actual / expected);
            previousReference = referenceAtEdge;
            previousLive = live;
        }

        return psi;
    }
}
