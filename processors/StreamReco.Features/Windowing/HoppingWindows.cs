namespace StreamReco.Features.Windowing;

/// <summary>
/// Fixed-size windows that start every <see cref="AdvanceMs"/> (epoch-aligned) and overlap when advance &lt; size:
/// an event belongs to every window [s, s + size) with s a multiple of the advance and s &lt;= t &lt; s + size.
/// </summary>
public sealed class HoppingWindows : WindowDefinition
{
    public HoppingWindows(TimeSpan size, TimeSpan advance, TimeSpan grace)
        : base(size, grace)
    {
        if (advance <= TimeSpan.Zero || advance > size)
        {
            throw new ArgumentOutOfRangeException(nameof(advance), advance, "Advance must be positive and at most the window size.");
        }

        AdvanceMs = (long)advance.TotalMilliseconds;
        if (AdvanceMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(advance), advance, "Advance must be at least one millisecond.");
        }
    }

    /// <summary>Hopping windows with <see cref="WindowDefinition.DefaultGrace"/>.</summary>
    public HoppingWindows(TimeSpan size, TimeSpan advance)
        : this(size, advance, DefaultGrace)
    {
    }

    /// <summary>Distance between the starts of consecutive windows, in milliseconds.</summary>
    public long AdvanceMs { get; }

    /// <summary>All windows containing <paramref name="eventTime"/>, oldest first.</summary>
    public IReadOnlyList<TimeWindow> WindowsFor(long eventTime)
    {
        var windows = new List<TimeWindow>((int)Math.Min(1024, (SizeMs + AdvanceMs - 1) / AdvanceMs));
        var earliestStart = eventTime - SizeMs;
        for (var start = TimeAlignment.Floor(eventTime, AdvanceMs); start > earliestStart; start -= AdvanceMs)
        {
            windows.Add(new TimeWindow(start, start + SizeMs));
        }

        windows.Reverse();
        return windows;
    }

    public override long LastWindowEnd(long eventTime) => TimeAlignment.Floor(eventTime, AdvanceMs) + SizeMs;
}
