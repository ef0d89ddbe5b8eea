using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace StreamReco.Kafka;

/// <summary>Creates topics on a real cluster with the admin client; "already exists" is success.</summary>
public sealed class KafkaTopicAdmin : ITopicAdmin, IDisposable
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    private readonly IAdminClient _admin;

    public KafkaTopicAdmin(string bootstrapServers)
    {
        Native.LibRdKafkaLocator.EnsureLoaded();
        _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
    }

    public async Task EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        // Only topics that do not exist yet are created: clusters without the CreateTopics API (the librdkafka mock reached by
        // --bootstrap) never answer it, and existing topics need nothing.
        var existing = _admin.GetMetadata(MetadataTimeout).Topics
            .Where(t => t.Error.Code == ErrorCode.NoError)
            .Select(t => t.Topic)
            .ToHashSet(StringComparer.Ordinal);
        var specifications = topics.Where(t => !existing.Contains(t.Name)).Select(t => new TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.Partitions,
            ReplicationFactor = (short)t.ReplicationFactor,
            Configs = t.Configs.ToDictionary(kv => kv.Key, kv => kv.Value),
        }).ToList();
        if (specifications.Count == 0)
        {
            return;
        }

        try
        {
            await _admin.CreateTopicsAsync(specifications).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CreateTopicsException e)
        {
            var failures = e.Results.Where(r => r.Error.Code is not ErrorCode.NoError and not ErrorCode.TopicAlreadyExists).ToList();
            if (failures.Count > 0)
            {
                throw new InvalidOperationException(
                    "Could not create topics: " + string.Join(", ", failures.Select(f => f.Topic + " (" + f.Error.Reason + ")")), e);
            }
        }
    }

    public void Dispose() => _admin.Dispose();
}
