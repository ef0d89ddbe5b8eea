namespace StreamReco.Drift.Windowing;

/// <summary>
/// Event-time windows of the live distribution: tumbling (advance == size) or sliding (hopping, advance &lt; size,
/// size a multiple of advance). Windows are [start, start + size), starts aligned to multiples of the advance.
/// </summary>
public sealed record DriftWindowSpec
{
    private DriftWindowSpec(long sizeMs, long advanceMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeMs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(advanceMs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(advanceMs, sizeMs);
        if (sizeMs % advanceMs != 0)
        {
            throw new ArgumentException("The window size must be a multiple of the advance.", nameof(advanceMs));
        }

        SizeMs = sizeMs;
        AdvanceMs = advanceMs;
    }

    public long SizeMs { get; }

    public long AdvanceMs { get; }

    /// <summary>"tumbling" or "sliding", as written to DriftMetric.window_kind.</summary>
    public string Kind => SizeMs == AdvanceMs ? "tumbling" : "sliding";

    public static DriftWindowSpec Tumbling(TimeSpan size) => new((long)size.TotalMilliseconds, (long)size.TotalMilliseconds);

    public static DriftWindowSpec Sliding(TimeSpan size, TimeSpan advance) =>
        new((long)size.TotalMilliseconds, (long)advance.TotalMilliseconds);

    /// <summary>Starts of every window containing <paramref name="eventTime"/>, oldest first.</summary>
    public IEnumerable<long> WindowStartsFor(long eventTime)
    {
        var latest = FloorDiv(eventTime, AdvanceMs) * AdvanceMs;
        for (var start = latest - SizeMs + AdvanceMs; start <= latest; start += AdvanceMs)
        {
            yield return start;
        }
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
