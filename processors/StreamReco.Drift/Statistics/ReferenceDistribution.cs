namespace StreamReco.Drift.Statistics;

/// <summary>
/// A validated reference sample (from <c>ReferenceSample</c> of the serving model version) prepared for drift tests:
/// distinct values, cumulative counts and decile bin edges.
/// </summary>
public sealed class ReferenceDistribution
{
    private ReferenceDistribution(string feature, double[] distinct, long[] cumulative, int[] decileEdges)
    {
        Feature = feature;
        DistinctValues = distinct;
        CumulativeCounts = cumulative;
        DecileEdgeIndices = decileEdges;
    }

    public string Feature { get; }

    /// <summary>Distinct reference values, ascending.</summary>
    public double[] DistinctValues { get; }

    /// <summary>CumulativeCounts[i] = number of reference values &lt;= DistinctValues[i].</summary>
    public long[] CumulativeCounts { get; }

    /// <summary>
    /// Indices into <see cref="DistinctValues"/> of the PSI bin edges: the reference deciles q_k (k = 1..9, q_k = smallest
    /// reference value with F_ref(q_k) >= k/10), duplicates removed. Bins are (-inf, q_1], (q_1, q_2], ..., (q_last, inf);
    /// a feature with heavy ties (e.g. mostly zeros) simply gets fewer bins.
    /// </summary>
    public int[] DecileEdgeIndices { get; }

    /// <summary>Reference sample size.</summary>
    public long Count => CumulativeCounts[^1];

    /// <summary>Validates (non-empty, no NaN, ascending) and prepares a reference sample.</summary>
    public static ReferenceDistribution FromSorted(string feature, IReadOnlyList<double> sortedValues)
    {
        ArgumentException.ThrowIfNullOrEmpty(feature);
        ArgumentNullException.ThrowIfNull(sortedValues);
        if (sortedValues.Count == 0)
        {
            throw new ArgumentException($"Reference sample for '{feature}' is empty.", nameof(sortedValues));
        }

        var distinct = new List<double>();
        var cumulative = new List<long>();
        for (var i = 0; i < sortedValues.Count; i++)
        {
            var v = sortedValues[i];
            if (double.IsNaN(v))
            {
                throw new ArgumentException($"Reference sample for '{feature}' contains NaN at {i}.", nameof(sortedValues));
            }

            if (i > 0 && v < sortedValues[i - 1])
            {
                throw new ArgumentException($"Reference sample for '{feature}' is not sorted at {i}.", nameof(sortedValues));
            }

            if (distinct.Count > 0 && distinct[^1] == v)
            {
                cumulative[^1]++;
            }
            else
            {
                distinct.Add(v);
                cumulative.Add((cumulative.Count > 0 ? cumulative[^1] : 0) + 1);
            }
        }

        var cumulativeArray = cumulative.ToArray();
        var total = cumulativeArray[^1];
        var edges = new SortedSet<int>();
        for (var k = 1; k < PsiDefaults.Bins; k++)
        {
            // Smallest distinct index with cumulative count >= k * total / 10 (integer arithmetic, no rounding).
            var index = Array.FindIndex(cumulativeArray, c => c * PsiDefaults.Bins >= k * total);
            if (index < cumulativeArray.Length - 1)
            {
                edges.Add(index);
            }
        }

        return new ReferenceDistribution(feature, [.. distinct], cumulativeArray, [.. edges]);
    }

    /// <summary>Prepares an unsorted sample (copied and sorted).</summary>
    public static ReferenceDistribution FromUnsorted(string feature, IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return FromSorted(feature, sorted);
    }
}
