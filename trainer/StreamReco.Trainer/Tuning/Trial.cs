namespace StreamReco.Trainer.Tuning;

/// <summary>One evaluated point: its unit-cube coordinates, the mapped parameters and the objective value.</summary>
public sealed record Trial(IReadOnlyList<double> UnitPoint, IReadOnlyDictionary<string, double> Parameters, double Value);
