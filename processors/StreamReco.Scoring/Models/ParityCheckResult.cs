namespace StreamReco.Scoring.Models;

/// <summary>Outcome of comparing compiled scores with ML.NET's on the verification vectors.</summary>
internal sealed record ParityCheckResult(bool Passed, int Vectors, double MaxAbsoluteDifference, string? Mismatch);
