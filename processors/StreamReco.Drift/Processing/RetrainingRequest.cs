namespace StreamReco.Drift.Processing;

/// <summary>Request to retrain <see cref="ModelName"/>, written to trainer.requests keyed by the model name.</summary>
/// <param name="ModelName">Model to retrain.</param>
/// <param name="ModelVersion">Serving version whose reference distributions drifted.</param>
/// <param name="Reason">Human-readable reason ("drift").</param>
/// <param name="Features">Features that alarmed in the triggering window.</param>
/// <param name="WindowStart">Start of the triggering window (event time, ms).</param>
/// <param name="WindowEnd">End of the triggering window (event time, ms).</param>
/// <param name="RequestedAt">Stream time at which the request was made (ms).</param>
public sealed record RetrainingRequest(
    string ModelName,
    string ModelVersion,
    string Reason,
    IReadOnlyList<string> Features,
    long WindowStart,
    long WindowEnd,
    long RequestedAt);
