using System.Collections.Concurrent;

namespace StreamReco.Streams.Engine;

/// <summary>
/// What this instance's producers (one per stream thread) have written to each repartition partition: the end offset
/// acknowledged and the records sent but not acknowledged yet, plus the bytes sent per topic. It lets a reading thread see
/// how far behind the end of a repartition partition it is without a request, even while its consumer has stopped fetching
/// that partition (its pre-fetch queue is full) and the consumer's cached high watermark is stale. Shared by the threads.
/// </summary>
internal sealed class RepartitionWrites
{
    private readonly ConcurrentDictionary<(string Topic, int Partition), PartitionWrites> _partitions = new();
    private readonly ConcurrentDictionary<string, TopicWrites> _topics = new(StringComparer.Ordinal);
    private long _bytesSent;

    /// <summary>Bytes (keys and values) sent to any repartition topic so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public void Sent(string topic, int partition, int bytes)
    {
        Interlocked.Increment(ref Partition(topic, partition).InFlight);
        var writes = _topics.GetOrAdd(topic, static _ => new TopicWrites());
        Interlocked.Increment(ref writes.Sent);
        Interlocked.Add(ref writes.Bytes, bytes);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    /// <summary>
    /// The delivery report of a record given to <see cref="Sent"/> (or <paramref name="count"/> records forgotten with an
    /// abandoned producer, <paramref name="offset"/> -1); <paramref name="offset"/> is -1 when delivery failed.
    /// </summary>
    public void Acknowledged(string topic, int partition, long offset, long count = 1)
    {
        var writes = Partition(topic, partition);
        Interlocked.Add(ref writes.InFlight, -count);
        var next = offset + 1;
        long seen;
        while (offset >= 0 && (seen = Interlocked.Read(ref writes.End)) < next && Interlocked.CompareExchange(ref writes.End, next, seen) != seen)
        {
        }
    }

    /// <summary>Offset after the last record of the partition acknowledged to this instance, or -1.</summary>
    public long DeliveredEnd(string topic, int partition) =>
        _partitions.TryGetValue((topic, partition), out var writes) ? Interlocked.Read(ref writes.End) : -1;

    /// <summary>Records sent to the partition and not acknowledged yet.</summary>
    public long InFlight(string topic, int partition) =>
        _partitions.TryGetValue((topic, partition), out var writes) ? Math.Max(0, Interlocked.Read(ref writes.InFlight)) : 0;

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

    private PartitionWrites Partition(string topic, int partition) =>
        _partitions.GetOrAdd((topic, partition), static _ => new PartitionWrites());

    private sealed class PartitionWrites
    {
        public long End = -1;
        public long InFlight;
    }

    private sealed class TopicWrites
    {
        public long Sent;
        public long Bytes;
    }
}
