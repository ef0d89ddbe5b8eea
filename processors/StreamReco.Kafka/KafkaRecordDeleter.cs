using Confluent.Kafka;

namespace StreamReco.Kafka;

/// <summary>DeleteRecords through the admin client, for real clusters (the mock cluster has no DeleteRecords API).</summary>
public sealed class KafkaRecordDeleter : IRecordDeleter, IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly IAdminClient _admin;

    public KafkaRecordDeleter(string bootstrapServers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        Native.LibRdKafkaLocator.EnsureLoaded();
        _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
    }

    public async Task DeleteRecordsBeforeAsync(IReadOnlyList<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        if (offsets.Count == 0)
        {
            return;
        }

        await _admin.DeleteRecordsAsync(offsets, new Confluent.Kafka.Admin.DeleteRecordsOptions { RequestTimeout = RequestTimeout })
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
    }

    public void Dispose() => _admin.Dispose();
}
