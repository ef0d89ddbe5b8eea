using Confluent.Kafka;
using StreamReco.Kafka;

namespace StreamReco.Streams.Tests;

/// <summary>A record deleter whose every request fails, as DeleteRecords does on a cluster that refuses it.</summary>
internal sealed class FailingRecordDeleter : IRecordDeleter
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task DeleteRecordsBeforeAsync(IReadOnlyList<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        throw new InvalidOperationException("DeleteRecords refused (test).");
    }
}
