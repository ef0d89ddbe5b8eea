using StreamReco.Drift.Windowing;

namespace StreamReco.Drift.Processing;

/// <summary>Configuration of <see cref="DriftProcessor"/>.</summary>
public sealed record DriftProcessorOptions
{
    public DriftEngineOptions Engine { get; init; } = new();

    /// <summary>At most one retraining request per model within this much stream time (one shift = one request).</summary>
    public TimeSpan RetrainingCooldown { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Stream-time punctuation interval that closes windows even when one partition goes quiet.</summary>
    public TimeSpan PunctuationInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Store holding the current reference (model version metadata) and the last request time per model.</summary>
    public string StoreName { get; init; } = "drift-state";
}
