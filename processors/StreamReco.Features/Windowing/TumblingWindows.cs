namespace StreamReco.Features.Windowing;

/// <summary>Fixed-size, non-overlapping, epoch-aligned windows: each event belongs to exactly one.</summary>
public sealed class TumblingWindows : WindowDefinition
{
    public TumblingWindows(TimeSpan size, TimeSpan grace)
        : base(size, grace)
    {
    }

    /// <summary>Tumbling windows with <see cref="WindowDefinition.DefaultGrace"/>.</summary>
    public TumblingWindows(TimeSpan size)
        : this(size, DefaultGrace)
    {
    }

    public TimeWindow WindowFor(long eventTime)
    {
        var start = TimeAlignment.Floor(eventTime, SizeMs);
        return new TimeWindow(start, start + SizeMs);
    }

    public override long LastWindowEnd(long eventTime) => TimeAlignment.Floor(eventTime, SizeMs) + SizeMs;
}
