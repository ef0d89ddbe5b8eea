namespace StreamReco.Drift.Statistics;

/// <summary>Result of a two-sample Kolmogorov-Smirnov test.</summary>
/// <param name="Statistic">D = sup |F1 - F2| (in exact mode rounded to the lattice value h / lcm(n1, n2), as scipy does).</param>
/// <param name="PValue">Two-sided p-value P(D' >= D) under the null hypothesis.</param>
/// <param name="Method">The method actually used (never <see cref="KsMethod.Auto"/>).</param>
public readonly record struct KsTestResult(double Statistic, double PValue, KsMethod Method);
