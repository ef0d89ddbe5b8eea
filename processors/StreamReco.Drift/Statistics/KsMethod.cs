namespace StreamReco.Drift.Statistics;

/// <summary>How the two-sample KS p-value is computed (scipy.stats.ks_2samp <c>method</c>).</summary>
public enum KsMethod
{
    /// <summary>Exact when both samples have at most 10 000 observations, asymptotic otherwise.</summary>
    Auto,

    /// <summary>Exact lattice-path probability (falls back to asymptotic when lcm(n1, n2) does not fit an int32).</summary>
    Exact,

    /// <summary>One-sample two-sided Kolmogorov distribution with n = round(n1*n2/(n1+n2)).</summary>
    Asymptotic,
}
