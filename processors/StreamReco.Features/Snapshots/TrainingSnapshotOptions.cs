using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Snapshots;

/// <summary>Labelling, bounds and output of the training snapshots (<see cref="TrainingSnapshotProcessor"/>).</summary>
public sealed record TrainingSnapshotOptions
{
    /// <summary>Topic the snapshots are written to (key = user id).</summary>
    public string SinkTopic { get; init; } = TopicNames.TrainingSnapshots;

    /// <summary>
    /// Change-logged store holding remembered outcomes per (user, item) (and, in state written before the pending store
    /// existed, pending exposures).
    /// </summary>
    public string StoreName { get; init; } = "training-snapshot-state";

    /// <summary>
    /// Change-logged store of pending exposures per (user, item). Its record cache holds the decoded lists, so a pair's list is
    /// encoded once per commit however many exposures it takes, not once per exposure.
    /// </summary>
    public string PendingStoreName { get; init; } = "training-snapshot-pending";

    /// <summary>Change-logged, time-ordered index of deadlines and outcome expiries read by the punctuation.</summary>
    public string IndexStoreName { get; init; } = "training-snapshot-index";

    /// <summary>An exposure is positive when a positive behaviour of the same (user, item) follows with event time in (t, t + Horizon].</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long after t + Horizon (in stream time) out-of-order outcomes are still waited for before emitting a negative.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Behaviours that are exposures (one snapshot each).</summary>
    public IReadOnlySet<Behavior> ExposureBehaviors { get; init; } = new HashSet<Behavior> { Behavior.View, Behavior.Click };

    /// <summary>Behaviours that make an earlier exposure of the same (user, item) positive.</summary>
    public IReadOnlySet<Behavior> PositiveBehaviors { get; init; } = new HashSet<Behavior> { Behavior.Cart, Behavior.Fav, Behavior.Buy };

    /// <summary>
    /// How long (stream time) a positive event is remembered, so an exposure arriving after it (out of order) is still labelled.
    /// Exposures further behind stream time than the feature lateness bound (about 1 h + grace) are refused as late anyway.
    /// </summary>
    public TimeSpan OutcomeRetention { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Stream-time interval of the punctuation that emits negatives and forgets expired outcomes.</summary>
    public TimeSpan PunctuationInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pending exposures kept per (user, item); beyond it the oldest pending one is evicted (counted).</summary>
    public int MaxPendingPerPair { get; init; } = 32;

    /// <summary>Pending exposures kept per task; beyond it the one with the earliest deadline is evicted (counted).</summary>
    public int MaxPendingTotal { get; init; } = 2_000_000;

    /// <summary>Positive events remembered per (user, item); beyond it the oldest is forgotten (counted).</summary>
    public int MaxOutcomesPerPair { get; init; } = 16;

    public IMessageCodec<TrainingSnapshot> Codec { get; init; } = Codecs.TrainingSnapshot;

    public long HorizonMs => (long)Horizon.TotalMilliseconds;

    public long GraceMs => (long)Grace.TotalMilliseconds;

    public long OutcomeRetentionMs => (long)OutcomeRetention.TotalMilliseconds;

    /// <summary>Throws when a setting is unusable.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(SinkTopic);
        ArgumentException.ThrowIfNullOrWhiteSpace(StoreName);
        ArgumentException.ThrowIfNullOrWhiteSpace(IndexStoreName);
        ArgumentException.ThrowIfNullOrWhiteSpace(PendingStoreName);
        if (new HashSet<string>([StoreName, IndexStoreName, PendingStoreName], StringComparer.Ordinal).Count != 3)
        {
            throw new ArgumentException("The state, index and pending stores need different names.", nameof(PendingStoreName));
        }

        ArgumentNullException.ThrowIfNull(ExposureBehaviors);
        ArgumentNullException.ThrowIfNull(PositiveBehaviors);
        ArgumentNullException.ThrowIfNull(Codec);
        Positive(Horizon, nameof(Horizon));
        Positive(PunctuationInterval, nameof(PunctuationInterval));
        if (Grace < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Grace), Grace, "Grace must not be negative.");
        }

        if (OutcomeRetention < Horizon)
        {
            throw new ArgumentOutOfRangeException(nameof(OutcomeRetention), OutcomeRetention, "Outcome retention must cover at least the horizon.");
        }

        if (ExposureBehaviors.Count == 0 || PositiveBehaviors.Count == 0)
        {
            throw new ArgumentException("Exposure and positive behaviours must not be empty.", nameof(ExposureBehaviors));
        }

        if (ExposureBehaviors.Overlaps(PositiveBehaviors))
        {
            throw new ArgumentException("A behaviour cannot be both an exposure and a positive outcome.", nameof(PositiveBehaviors));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingPerPair, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingTotal, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutcomesPerPair, 1);
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, name + " must be positive.");
        }
    }
}
