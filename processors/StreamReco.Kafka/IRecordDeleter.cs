using Confluent.Kafka;

namespace StreamReco.Kafka;

/// <summary>
/// Kafka's DeleteRecords: moves each partition's log start offset up to the given offset, deleting the records before it.
/// The stream runtime purges repartition records its group has committed through this, as Kafka Streams does (KIP-204).
/// </summary>
public interface IRecordDeleter
{
    /// <summary>Deletes, in each partition, the records before its offset; throws when any partition fails.</summary>
    Task DeleteRecordsBeforeAsync(IReadOnlyList<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default);
}
