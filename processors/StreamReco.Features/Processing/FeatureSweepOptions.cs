namespace StreamReco.Features.Processing;

/// <summary>When idle aggregates are deleted from the stores (their last features stay on the compacted topics).</summary>
public sealed record FeatureSweepOptions
{
    /// <summary>A key with no event for this long (in stream time) is deleted. Longer than the 7-day windows, so nothing current is lost.</summary>
    public TimeSpan IdleRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Stream time between sweeps; each sweep scans the task's store once.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    public void Validate()
    {
        if (IdleRetention <= TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(nameof(IdleRetention), IdleRetention, "Idle retention must exceed the 7-day window.");
        }

        if (Interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "Sweep interval must be positive.");
        }
    }
}
