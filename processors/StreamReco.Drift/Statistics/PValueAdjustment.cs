namespace StreamReco.Drift.Statistics;

/// <summary>Multiple-testing adjustment of a family of p-values (one per feature of a window).</summary>
public static class PValueAdjustment
{
    /// <summary>Adjusted p-values in the input order.</summary>
    public static double[] Adjust(ReadOnlySpan<double> pValues, MultipleTestingCorrection correction)
    {
        foreach (var p in pValues)
        {
            if (double.IsNaN(p) || p < 0 || p > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(pValues), p, "p-values must lie in [0, 1].");
            }
        }

        return correction switch
        {
            MultipleTestingCorrection.BenjaminiHochberg => BenjaminiHochberg(pValues),
            MultipleTestingCorrection.Bonferroni => Bonferroni(pValues),
            MultipleTestingCorrection.None => pValues.ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(correction), correction, "Unknown correction."),
        };
    }

    /// <summary>
    /// BH adjusted p-values: for the ascending p_(1..m), q_(i) = min_(j >= i) min(1, m p_(j) / j). Rejecting q &lt; alpha
    /// is the BH step-up procedure at FDR level alpha.
    /// </summary>
    public static double[] BenjaminiHochberg(ReadOnlySpan<double> pValues)
    {
        var m = pValues.Length;
        var order = new int[m];
        for (var i = 0; i < m; i++)
        {
            order[i] = i;
        }

        var copy = pValues.ToArray();
        Array.Sort(order, (a, b) => copy[a].CompareTo(copy[b]));
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var index = order[rank - 1];
            running = Math.Min(running, Math.Min(1.0, copy[index] * m / rank));
            adjusted[index] = running;
        }

        return adjusted;
    }

    /// <summary>Bonferroni adjusted p-values min(1, m p).</summary>
    public static double[] Bonferroni(ReadOnlySpan<double> pValues)
    {
        var adjusted = new double[pValues.Length];
        for (var i = 0; i < adjusted.Length; i++)
        {
            adjusted[i] = Math.Min(1.0, pValues[i] * pValues.Length);
        }

        return adjusted;
    }
}
