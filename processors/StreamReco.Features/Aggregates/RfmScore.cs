namespace StreamReco.Features.Aggregates;

/// <summary>Recency, frequency and monetary scores, each 1..5 (5 = best). See <see cref="RfmSegmentation"/> for the thresholds.</summary>
public readonly record struct RfmScore(int Recency, int Frequency, int Monetary);
