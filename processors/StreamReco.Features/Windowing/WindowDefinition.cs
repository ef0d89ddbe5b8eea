namespace StreamReco.Features.Windowing;

/// <summary>
/// Common lateness rule of all event-time window kinds: a window is closed once
/// <c>window end + grace &lt;= stream time</c>, and a record is LATE when every window it belongs to is closed.
/// Late records must be counted and routed to the late-events topic by the caller, never silently dropped.
/// </summary>
public abstract class WindowDefinition
{
    /// <summary>Default grace: a few minutes of disorder are absorbed, anything older is late.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromMinutes(5);

    protected WindowDefinition(TimeSpan size, TimeSpan grace)
    {
        if (size <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Window size must be positive.");
        }

        if (grace < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(grace), grace, "Grace must not be negative.");
        }

        SizeMs = (long)size.TotalMilliseconds;
        GraceMs = (long)grace.TotalMilliseconds;
        if (SizeMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Window size must be at least one millisecond.");
        }
    }

    /// <summary>Window length in milliseconds.</summary>
    public long SizeMs { get; }

    /// <summary>How long after its end a window still accepts out-of-order records, in milliseconds.</summary>
    public long GraceMs { get; }

    /// <summary>End (exclusive) of the latest window that contains <paramref name="eventTime"/>.</summary>
    public abstract long LastWindowEnd(long eventTime);

    /// <summary>True when <paramref name="window"/> no longer accepts records at <paramref name="streamTime"/>.</summary>
    public bool IsClosed(TimeWindow window, long streamTime) => TimeAlignment.SaturatingAdd(window.End, GraceMs) <= streamTime;

    /// <summary>True when every window containing <paramref name="eventTime"/> is closed at <paramref name="streamTime"/>.</summary>
    public bool IsLate(long eventTime, long streamTime) =>
        TimeAlignment.SaturatingAdd(LastWindowEnd(eventTime), GraceMs) <= streamTime;
}
