namespace StreamReco.Features.Windowing;

/// <summary>
/// Recency windows anchored at a query time: the window "as of" q covers event times in (q - size, q],
/// i.e. the half-open [q - size + 1, q + 1). An event at t is inside the windows as of every q in [t, t + size),
/// so the last window containing it ends (exclusive) at t + size.
/// </summary>
public sealed class SlidingWindows : WindowDefinition
{
    public SlidingWindows(TimeSpan size, TimeSpan grace)
        : base(size, grace)
    {
    }

    /// <summary>Sliding windows with <see cref="WindowDefinition.DefaultGrace"/>.</summary>
    public SlidingWindows(TimeSpan size)
        : this(size, DefaultGrace)
    {
    }

    /// <summary>The window that ends at (and includes) <paramref name="asOf"/>.</summary>
    public TimeWindow WindowEndingAt(long asOf) => new(asOf - SizeMs + 1, asOf + 1);

    /// <summary>True when an event at <paramref name="eventTime"/> counts in the window as of <paramref name="asOf"/>.</summary>
    public bool Contains(long asOf, long eventTime) => eventTime <= asOf && eventTime > asOf - SizeMs;

    public override long LastWindowEnd(long eventTime) => TimeAlignment.SaturatingAdd(eventTime, SizeMs);
}
