using Confluent.Kafka;
using StreamReco.Kafka;
using StreamReco.Testing;

namespace StreamReco.Streams.Tests;

/// <summary>
/// Pins down what the librdkafka 2.16 mock cluster does with transactions, because the runtime's broker tests depend on it.
/// If librdkafka fixes these gaps these tests fail, and the workarounds (CommitOffsetsOutsideTransaction, AddPartitionsToTxn
/// fault injection) can go.
/// </summary>
public sealed class EmbeddedBrokerCapabilityTests
{
    [Fact]
    public void Mock_shows_aborted_transactional_records_to_read_committed_consumers()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreateTopic("t", 1);
        using var producer = TransactionalProducer(broker, "probe");
        producer.BeginTransaction();
        producer.Produce("t", new Message<byte[], byte[]> { Key = [1], Value = [1] });
        producer.Flush();
        producer.AbortTransaction(TimeSpan.FromSeconds(10));
        producer.BeginTransaction();
        producer.Produce("t", new Message<byte[], byte[]> { Key = [2], Value = [2] });
        producer.CommitTransaction(TimeSpan.FromSeconds(10));

        var visible = TestKafka.ReadAll(broker.BootstrapServers, "t").Select(r => r.Message.Value[0]).ToList();

        Assert.Equal([1, 2], visible);
    }

    [Fact]
    public void Mock_accepts_but_does_not_store_transactional_offset_commits()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreateTopic("in", 1);
        broker.CreateTopic("out", 1);
        using (var seed = TestKafka.Producer(broker.BootstrapServers))
        {
            seed.Produce("in", new Message<byte[], byte[]> { Key = [1], Value = [1] });
            seed.Flush(TimeSpan.FromSeconds(10));
        }

        using var consumer = TestKafka.Consumer(broker.BootstrapServers, "group");
        var partition = new TopicPartition("in", 0);
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var consumed = consumer.Consume(TimeSpan.FromSeconds(10));
        Assert.NotNull(consumed);
        using var producer = TransactionalProducer(broker, "offsets-probe");
        producer.BeginTransaction();
        producer.Produce("out", new Message<byte[], byte[]> { Key = [1], Value = [1] });
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(partition, 1)], consumer.ConsumerGroupMetadata, TimeSpan.FromSeconds(10));
        producer.CommitTransaction(TimeSpan.FromSeconds(10));

        var committed = consumer.Committed([partition], TimeSpan.FromSeconds(10)).Single();

        Assert.Equal(Offset.Unset, committed.Offset);
    }

    private static IProducer<byte[], byte[]> TransactionalProducer(EmbeddedBroker broker, string transactionalId)
    {
        var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            TransactionalId = transactionalId,
        }).Build();
        producer.InitTransactions(TimeSpan.FromSeconds(10));
        return producer;
    }
}
