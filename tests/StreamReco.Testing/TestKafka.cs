using Confluent.Kafka;
using StreamReco.Kafka.Native;

namespace StreamReco.Testing;

/// <summary>Plain clients for tests that read or write topics directly.</summary>
public static class TestKafka
{
    public static IProducer<byte[], byte[]> Producer(string bootstrapServers)
    {
        LibRdKafkaLocator.EnsureLoaded();
        return new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            LingerMs = 1,
        }).Build();
    }

    public static IConsumer<byte[], byte[]> Consumer(string bootstrapServers, string? groupId = null)
    {
        LibRdKafkaLocator.EnsureLoaded();
        return new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId ?? "test-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).Build();
    }

    /// <summary>Reads every record of <paramref name="topic"/> up to its current end, across all partitions.</summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadAll(string bootstrapServers, string topic, TimeSpan? timeout = null)
    {
        using var consumer = Consumer(bootstrapServers);
        var metadataTimeout = TimeSpan.FromSeconds(10);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, metadataTimeout).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var ends = partitions.ToDictionary(tp => tp, tp => consumer.QueryWatermarkOffsets(tp, metadataTimeout).High.Value);
        consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + (timeout ?? Eventually.DefaultTimeout);
        var remaining = ends.Where(kv => kv.Value > 0).Select(kv => kv.Key).ToHashSet();
        while (remaining.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out reading " + topic + " to its end.");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                // Transaction markers occupy offsets too: done when the position reaches the end.
                remaining.RemoveWhere(tp => consumer.Position(tp).Value >= ends[tp]);
                continue;
            }

            if (result.IsPartitionEOF)
            {
                continue;
            }

            records.Add(result);
            if (result.Offset.Value + 1 >= ends[result.TopicPartition])
            {
                remaining.Remove(result.TopicPartition);
            }
        }

        consumer.Close();
        return records;
    }
}
