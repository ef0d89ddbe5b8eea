using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Snapshots;

/// <summary>Configuration of <see cref="TrainingSnapshotProcessor"/>.</summary>
public sealed record TrainingSnapshotOptions
{
    /// <summary>A positive behaviour must follow the exposure within this much event time.</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromMinutes(30);

    public IReadOnlySet<Behavior> ExposureBehaviors { get; init; } = new HashSet<Behavior> { Behavior.View, Behavior.Click };

    public IReadOnlySet<Behavior> PositiveBehaviors { get; init; } = new HashSet<Behavior> { Behavior.Cart, Behavior.Fav, Behavior.Buy };

    /// <summary>Stream-time punctuation that emits negatives once the horizon has passed.</summary>
    public TimeSpan PunctuationInterval { get; init; } = TimeSpan.FromSeconds(30);

    public string StoreName { get; init; } = "pending-exposures";
}
