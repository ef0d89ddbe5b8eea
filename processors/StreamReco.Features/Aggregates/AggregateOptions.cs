namespace StreamReco.Features.Aggregates;

/// <summary>Tuning of the per-key aggregates. Memory per key is bounded by these values (see README).</summary>
public sealed record AggregateOptions
{
    public static readonly AggregateOptions Default = new();

    /// <summary>Extra retention beyond the largest window, so out-of-order records within grace still find their buckets.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A session ends after this much event time without events (a gap of exactly this length starts a new session).</summary>
    public TimeSpan SessionGap { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Most recent events kept exactly (time, behaviour, category); they make as-of queries exact at the newest edge.</summary>
    public int MaxExactEvents { get; init; } = 256;

    /// <summary>Categories with hourly counts kept per user; the smallest is evicted when a new one arrives.</summary>
    public int MaxTrackedCategories { get; init; } = 16;

    /// <summary>How many categories <c>top_categories</c> reports.</summary>
    public int TopCategoryCount { get; init; } = 5;

    internal long GraceMs => (long)Grace.TotalMilliseconds;

    internal long SessionGapMs => (long)SessionGap.TotalMilliseconds;

    /// <summary>Minute buckets serve the 1h window for as-of times up to an hour (plus grace) behind the key's newest event.</summary>
    internal long MinuteRetentionMs => (2 * FeatureWindows.HourMs) + GraceMs;

    /// <summary>Hour buckets, exact events and sessions older than 7 days + grace are expired.</summary>
    internal long LongRetentionMs => FeatureWindows.SevenDaysMs + GraceMs;

    public void Validate()
    {
        if (Grace < TimeSpan.Zero || Grace > TimeSpan.FromHours(6))
        {
            throw new ArgumentOutOfRangeException(nameof(Grace), Grace, "Grace must be between 0 and 6 hours.");
        }

        if (SessionGap <= TimeSpan.Zero || SessionGap > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(SessionGap), SessionGap, "Session gap must be positive and at most a day.");
        }

        if (MaxExactEvents < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxExactEvents), MaxExactEvents, "Keep at least 2 exact events.");
        }

        if (MaxTrackedCategories < 1 || TopCategoryCount < 1 || TopCategoryCount > MaxTrackedCategories)
        {
            throw new ArgumentOutOfRangeException(
                nameof(TopCategoryCount), TopCategoryCount, "Need 1 <= TopCategoryCount <= MaxTrackedCategories.");
        }
    }
}
