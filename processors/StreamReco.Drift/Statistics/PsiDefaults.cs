namespace StreamReco.Drift.Statistics;

/// <summary>PSI conventions.</summary>
public static class PsiDefaults
{
    /// <summary>Floor for bin proportions: an empty bin counts as 0.01 % so PSI stays finite (contribution &lt;= ~|a| 9.2).</summary>
    public const double Epsilon = 1e-4;

    /// <summary>Deciles of the reference sample.</summary>
    public const int Bins = 10;
}
