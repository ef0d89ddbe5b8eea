namespace StreamReco.Drift.Statistics;

/// <summary>How p-values of the features of one window are adjusted before the alarm rule.</summary>
public enum MultipleTestingCorrection
{
    /// <summary>Benjamini-Hochberg step-up adjusted p-values (controls the false discovery rate).</summary>
    BenjaminiHochberg,

    /// <summary>Bonferroni min(1, m p) (controls the family-wise error rate; more conservative).</summary>
    Bonferroni,

    /// <summary>No adjustment.</summary>
    None,
}
