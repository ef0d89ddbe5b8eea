using StreamReco.Features.Windowing;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Aggregates;

/// <summary>
/// Per-behaviour event counts of one key at three resolutions: exact recent events, minute buckets and hour buckets.
/// Answers "counts in the window of size W as of t" for any t, using only events with time &lt;= t.
/// </summary>
internal sealed class EventTimeHistogram
{
    public const int BehaviorCount = 6;

    public EventTimeHistogram(int maxExactEvents)
    {
        Tail = new ExactEventTail(maxExactEvents);
        Minutes = new BucketLevel(FeatureWindows.MinuteMs, BehaviorCount);
        Hours = new BucketLevel(FeatureWindows.HourMs, BehaviorCount);
    }

    public ExactEventTail Tail { get; }

    public BucketLevel Minutes { get; }

    public BucketLevel Hours { get; }

    public void Add(long time, Behavior behavior, string? category)
    {
        Tail.Add(new TailEvent(time, behavior, category));
        Minutes.Add(time, (int)behavior);
        Hours.Add(time, (int)behavior);
    }

    /// <summary>
    /// Counts of the window of <paramref name="windowSizeMs"/> as of <paramref name="asOf"/>: event times in
    /// [floor(asOf, g) + g - size, asOf] where g is the window's bucket granularity (see README for the exact semantics).
    /// </summary>
    public BehaviorCounts CountsAsOf(long asOf, long windowSizeMs, long granularityMs)
    {
        Span<long> sums = stackalloc long[BehaviorCount];
        sums.Clear();
        var from = WindowStart(asOf, windowSizeMs, granularityMs);
        if (granularityMs == FeatureWindows.MinuteMs)
        {
            WindowLadder.Sum([Tail, Minutes], from, asOf + 1, sums);
        }
        else
        {
            WindowLadder.Sum([Tail, Minutes, Hours], from, asOf + 1, sums);
        }

        return new BehaviorCounts(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]);
    }

    /// <summary>Start (inclusive) of the window of <paramref name="windowSizeMs"/> that ends with the bucket containing <paramref name="asOf"/>.</summary>
    public static long WindowStart(long asOf, long windowSizeMs, long granularityMs) =>
        TimeAlignment.Floor(asOf, granularityMs) + granularityMs - windowSizeMs;

    public void Expire(long reference, AggregateOptions options)
    {
        var longCutoff = reference - options.LongRetentionMs;
        Tail.ExpireBefore(longCutoff);
        Hours.ExpireBefore(longCutoff);
        Minutes.ExpireBefore(reference - options.MinuteRetentionMs);
    }

    public void Write(StateWriter writer)
    {
        Tail.Write(writer);
        Minutes.Write(writer);
        Hours.Write(writer);
    }

    public void Read(ref StateReader reader)
    {
        Tail.Read(ref reader);
        Minutes.Read(ref reader);
        Hours.Read(ref reader);
    }
}
