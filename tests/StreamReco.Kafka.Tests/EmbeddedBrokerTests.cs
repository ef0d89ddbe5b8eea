using System.Text;
using Confluent.Kafka;
using StreamReco.Kafka;
using StreamReco.Testing;

namespace StreamReco.Kafka.Tests;

public sealed class EmbeddedBrokerTests
{
    [Fact]
    public async Task Records_produced_with_Confluent_client_are_consumed_back_in_partition_order()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreateTopic("roundtrip", partitions: 3);
        using (var producer = TestKafka.Producer(broker.BootstrapServers))
        {
            for (var i = 0; i < 300; i++)
            {
                await producer.ProduceAsync("roundtrip", new Message<byte[], byte[]>
                {
                    Key = Encoding.UTF8.GetBytes("user-" + (i % 7)),
                    Value = Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                });
            }
        }

        var records = TestKafka.ReadAll(broker.BootstrapServers, "roundtrip");

        Assert.Equal(300, records.Count);
        Assert.Equal(3, records.Select(r => r.Partition.Value).Distinct().Count());
        foreach (var perKey in records.GroupBy(r => Encoding.UTF8.GetString(r.Message.Key)))
        {
            // Same key, same partition, production order kept.
            Assert.Single(perKey.Select(r => r.Partition.Value).Distinct());
            var values = perKey.Select(r => int.Parse(Encoding.UTF8.GetString(r.Message.Value), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(values.Order(), values);
        }
    }

    [Fact]
    public async Task Deleting_records_moves_the_log_start_never_back_and_refuses_offsets_past_the_end()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreateTopic("purged", partitions: 1);
        await NumberedRecords.ProduceAsync(broker.BootstrapServers, "purged", 10);

        var partition = new TopicPartition("purged", 0);
        await broker.DeleteRecordsBeforeAsync([new TopicPartitionOffset(partition, 6)]);
        await broker.DeleteRecordsBeforeAsync([new TopicPartitionOffset(partition, 3)]);

        NumberedRecords.AssertHolds(broker.BootstrapServers, "purged", 6, 10);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => broker.DeleteRecordsBeforeAsync([new TopicPartitionOffset(partition, 11)]));
        Assert.Contains("purged[0] before offset 11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_topics_are_created_with_their_partition_counts()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreatePipelineTopics(partitions: 4);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();

        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));

        foreach (var spec in PipelineTopics.All(4))
        {
            var topic = Assert.Single(metadata.Topics, t => t.Topic == spec.Name);
            Assert.Equal(spec.Partitions, topic.Partitions.Count);
        }
    }

    [Fact]
    public void Creating_an_existing_topic_is_not_an_error_and_keeps_its_partitions()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreateTopic("twice", 2);
        broker.CreateTopic("twice", 5);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();

        Assert.Equal(2, admin.GetMetadata("twice", TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count);
    }

    [Fact]
    public async Task Injected_produce_error_is_retried_by_an_idempotent_producer_without_duplicates()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreateTopic("faulty", 1);
        broker.PushRequestErrors(KafkaApi.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut);
        using (var producer = TestKafka.Producer(broker.BootstrapServers))
        {
            for (var i = 0; i < 20; i++)
            {
                var report = await producer.ProduceAsync("faulty", new Message<byte[], byte[]> { Key = [1], Value = [(byte)i] });
                Assert.Equal(PersistenceStatus.Persisted, report.Status);
            }
        }

        var values = TestKafka.ReadAll(broker.BootstrapServers, "faulty").Select(r => (int)r.Message.Value[0]).ToList();

        Assert.Equal(Enumerable.Range(0, 20), values);
    }

    [Fact]
    public async Task A_broker_taken_down_and_up_again_accepts_writes_after_recovery()
    {
        using var broker = EmbeddedBroker.Start(brokerCount: 3);
        broker.CreateTopic("outage", 1, replicationFactor: 3);
        broker.SetPartitionLeader("outage", 0, 1);
        using var producer = TestKafka.Producer(broker.BootstrapServers);
        await producer.ProduceAsync("outage", new Message<byte[], byte[]> { Key = [1], Value = [1] });

        broker.SetBrokerDown(1);
        var pending = producer.ProduceAsync("outage", new Message<byte[], byte[]> { Key = [1], Value = [2] });
        broker.SetBrokerUp(1);
        var report = await pending;

        Assert.Equal(PersistenceStatus.Persisted, report.Status);
        Assert.Equal([1, 2], TestKafka.ReadAll(broker.BootstrapServers, "outage").Select(r => (int)r.Message.Value[0]));
    }

    [Fact]
    public void Fault_injection_on_a_disposed_broker_is_a_clear_error()
    {
        var broker = EmbeddedBroker.Start();
        broker.Dispose();

        Assert.Throws<ObjectDisposedException>(() => broker.CreateTopic("late", 1));
    }
}
