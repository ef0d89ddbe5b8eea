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
}
