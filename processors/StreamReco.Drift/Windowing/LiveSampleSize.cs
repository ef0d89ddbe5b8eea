namespace StreamReco.Drift.Windowing;

/// <summary>Which sample size the KS p-value of a window uses for the live side.</summary>
public enum LiveSampleSize
{
    /// <summary>
    /// Kish's effective size N^2 / sum(m_e^2) over the entities e (users, items) with m_e updates in the window: the number
    /// of independent values that would give the ECDF the same variance if every entity's updates in the window were fully
    /// correlated (the worst case, so the p-value is conservative). Equals N when no entity repeats.
    /// </summary>
    EntityClusters,

    /// <summary>Every update counts as an independent observation (the plain two-sample test; anti-conservative on sessions).</summary>
    Updates,
}
