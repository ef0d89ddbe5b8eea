namespace StreamReco.Features.Windowing;

/// <summary>
/// A half-open event-time interval [<see cref="Start"/>, <see cref="End"/>) in epoch milliseconds.
/// An event exactly at <see cref="End"/> belongs to the next window, never to this one.
/// </summary>
public readonly record struct TimeWindow
{
    public TimeWindow(long start, long end)
    {
        if (end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "A window must end after it starts.");
        }

        Start = start;
        End = end;
    }

    /// <summary>First millisecond in the window (inclusive).</summary>
    public long Start { get; }

    /// <summary>First millisecond after the window (exclusive).</summary>
    public long End { get; }

    public long Size => End - Start;

    public bool Contains(long eventTime) => eventTime >= Start && eventTime < End;

    public override string ToString() => "[" + Start + ", " + End + ")";
}
