using Confluent.Kafka;
using Prometheus;

namespace StreamReco.Streams.Engine;

/// <summary>Progress of one assigned source partition.</summary>
internal sealed class PartitionState(TopicPartition topicPartition, TaskEntry task, Gauge.Child lag)
{
    public TopicPartition TopicPartition { get; } = topicPartition;

    public TaskEntry Task { get; } = task;

    public Gauge.Child Lag { get; } = lag;

    /// <summary>Offset after the last processed record; -1 before any record.</summary>
    public long NextOffset { get; set; } = -1;

    /// <summary>Offset last committed by this instance; -1 before any commit.</summary>
    public long CommittedOffset { get; set; } = -1;

    public bool HasUncommittedProgress => NextOffset >= 0 && NextOffset > CommittedOffset;

    /// <summary>
    /// Records between the next offset to process (or the committed one before any record) and the consumer's cached high
    /// watermark, so no request is made; null while either is unknown.
    /// </summary>
    public long? LagFromCachedWatermark(IConsumer<byte[]?, byte[]?> consumer) => LagBehind(consumer, knownEnd: -1, pending: 0);

    /// <summary>
    /// <see cref="LagFromCachedWatermark"/> with the end taken as the larger of the cached high watermark and
    /// <paramref name="knownEnd"/> (an end known otherwise, -1 if none), plus <paramref name="pending"/> records on their way.
    /// Before any record or commit the position is the start of the log as far as this process knows (0), so a fresh backlog
    /// counts as lag too.
    /// </summary>
    public long? LagBehind(IConsumer<byte[]?, byte[]?> consumer, long knownEnd, long pending)
    {
        var high = Math.Max(consumer.GetWatermarkOffsets(TopicPartition).High.Value, knownEnd);
        var position = NextOffset >= 0 ? NextOffset : CommittedOffset;
        if (position < 0 && (knownEnd >= 0 || pending > 0))
        {
            position = 0;
            high = Math.Max(high, 0);
        }

        return position >= 0 && high >= 0 ? Math.Max(0, high + pending - position) : null;
    }
}
