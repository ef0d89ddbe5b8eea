namespace StreamReco.Schemas.Contracts;

/// <summary>Compact sorted sample of one feature's training distribution, for drift tests.</summary>
public sealed record ReferenceSample(string Feature, IReadOnlyList<double> Values, long PopulationCount);
