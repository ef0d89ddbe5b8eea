namespace StreamReco.Features.Windowing;

/// <summary>
/// Stream time of one task: the largest event time observed so far. It never goes backwards, so
/// out-of-order records do not move it and lateness decisions are deterministic for a given input order.
/// </summary>
public sealed class StreamTimeTracker
{
    /// <summary>Stream time before any record was observed.</summary>
    public const long Unset = long.MinValue;

    public long Current { get; private set; } = Unset;

    public bool HasObserved => Current != Unset;

    /// <summary>Advances stream time to <paramref name="eventTime"/> if it is newer; returns the stream time after the record.</summary>
    public long Observe(long eventTime)
    {
        if (eventTime > Current)
        {
            Current = eventTime;
        }

        return Current;
    }
}
