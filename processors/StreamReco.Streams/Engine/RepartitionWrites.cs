using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace StreamReco.Streams.Engine;

/// <summary>
/// What this instance's producers (one per stream thread) have written to repartition topics: the end offset acknowledged per
/// partition, the records sent and not acknowledged yet, and the records and bytes sent per topic. It lets a reading thread see how far behind the end
/// of a repartition partition it is without a request, even while its consumer has stopped fetching that partition (its
/// pre-fetch queue is full) and the consumer's cached high watermark is stale. Shared by the instance's threads.
/// </summary>
internal sealed class RepartitionWrites
{
    private readonly ConcurrentDictionary<(string Topic, int Partition), StrongBox<long>> _deliveredEnds = new();
    private readonly ConcurrentDictionary<string, TopicWrites> _topics = new(StringComparer.Ordinal);
    private long _bytesSent;
    private long _inFlight;

    /// <summary>Bytes (keys and values) sent to any repartition topic so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Records sent to any repartition topic and not acknowledged yet (their partitions are unknown until then).</summary>
    public long InFlight => Math.Max(0, Interlocked.Read(ref _inFlight));

    public void Sent(string topic, int bytes)
    {
        Interlocked.Increment(ref _inFlight);
        var writes = _topics.GetOrAdd(topic, static _ => new TopicWrites());
        Interlocked.Increment(ref writes.Sent);
        Interlocked.Add(ref writes.Bytes, bytes);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    /// <summary>A delivery report for a record given to <see cref="Sent"/>; <paramref name="offset"/> is -1 when delivery failed.</summary>
    public void Acknowledged(string topic, int partition, long offset)
    {
        Interlocked.Decrement(ref _inFlight);
        if (offset < 0)
        {
            return;
        }

        var end = _deliveredEnds.GetOrAdd((topic, partition), static _ => new StrongBox<long>(0));
        var next = offset + 1;
        long seen;
        while ((seen = Interlocked.Read(ref end.Value)) < next && Interlocked.CompareExchange(ref end.Value, next, seen) != seen)
        {
        }
    }

    /// <summary>A producer is abandoned with records in flight whose reports will not come.</summary>
    public void Forget(long inFlight) => Interlocked.Add(ref _inFlight, -inFlight);

    /// <summary>Offset after the last record of the partition acknowledged to this instance, or -1.</summary>
    public long DeliveredEnd(string topic, int partition) =>
        _deliveredEnds.TryGetValue((topic, partition), out var end) ? Interlocked.Read(ref end.Value) : -1;

    /// <summary>Mean size of the records sent to the topic, or 0 before any.</summary>
    public double MeanRecordBytes(string topic)
    {
        if (!_topics.TryGetValue(topic, out var writes))
        {
            return 0;
        }

        var sent = Interlocked.Read(ref writes.Sent);
        return sent == 0 ? 0 : (double)Interlocked.Read(ref writes.Bytes) / sent;
    }

    private sealed class TopicWrites
    {
        public long Sent;
        public long Bytes;
    }
}
