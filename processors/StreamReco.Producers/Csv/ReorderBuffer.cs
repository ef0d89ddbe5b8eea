using StreamReco.Schemas.Contracts;

namespace StreamReco.Producers.Csv;

/// <summary>
/// Bounded streaming re-sort by event time. An event is held until the newest event time seen is at least
/// <see cref="MaxDisorder"/> past it, or until the buffer holds <see cref="Capacity"/> events; so input that is at most
/// <see cref="MaxDisorder"/> out of order comes out sorted. An event older than one already released cannot be placed:
/// it is counted, reported to the callback and passed through immediately (still out of order), never dropped.
/// </summary>
public sealed class ReorderBuffer
{
    public ReorderBuffer(TimeSpan maxDisorder, int capacity = 1_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDisorder, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        MaxDisorder = maxDisorder;
        Capacity = capacity;
    }

    public TimeSpan MaxDisorder { get; }

    public int Capacity { get; }

    /// <summary>Events that arrived after a later one had been released, over all enumerations.</summary>
    public long LateCount { get; private set; }

    public IEnumerable<ClickEvent> Reorder(IEnumerable<ClickEvent> source, Action<LateEvent>? onLate = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var slack = (long)MaxDisorder.TotalMilliseconds;
        var queue = new PriorityQueue<ClickEvent, (long Time, long Sequence)>();
        long sequence = 0;
        var maxSeen = long.MinValue;
        var lastReleased = long.MinValue;
        foreach (var clickEvent in source)
        {
            if (clickEvent.EventTime < lastReleased)
            {
                LateCount++;
                onLate?.Invoke(new LateEvent(clickEvent, lastReleased));
                yield return clickEvent;
                continue;
            }

            queue.Enqueue(clickEvent, (clickEvent.EventTime, sequence++));
            maxSeen = Math.Max(maxSeen, clickEvent.EventTime);
            while (queue.Count > 0
                && (queue.Count > Capacity || queue.Peek().EventTime <= SaturatingSubtract(maxSeen, slack)))
            {
                var next = queue.Dequeue();
                lastReleased = next.EventTime;
                yield return next;
            }
        }

        while (queue.Count > 0)
        {
            yield return queue.Dequeue();
        }
    }

    private static long SaturatingSubtract(long value, long amount) => value < long.MinValue + amount ? long.MinValue : value - amount;
}
