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
    public long? LagFromCachedWatermark(IConsumer<byte[]?, byte[]?> consumer)
    {
        var position = NextOffset >= 0 ? NextOffset : CommittedOffset;
        var high = consumer.GetWatermarkOffsets(TopicPartition).High.Value;
        return position >= 0 && high >= 0 ? Math.Max(0, high - position) : null;
    }
}
