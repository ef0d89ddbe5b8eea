using Confluent.Kafka;

namespace StreamReco.Streams.Internal;

/// <summary>Where sinks, changelogs and dead-letter routes send bytes: the Kafka producer, or the test driver's in-memory topics.</summary>
internal interface IRecordCollector
{
    /// <summary>Sends one record; <paramref name="partition"/> -1 means the default murmur2 key partitioner.</summary>
    void Send(string topic, int partition, byte[]? key, byte[]? value, Headers? headers, long timestampMs);

    /// <summary>Partition count of <paramref name="topic"/>, for custom partitioners.</summary>
    int PartitionCount(string topic);
}
