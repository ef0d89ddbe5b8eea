using System.Text;
using Confluent.Kafka;
using StreamReco.Kafka;
using StreamReco.Testing;

namespace StreamReco.Streams.Tests;

public sealed class DefaultPartitionerTests
{
    [Fact]
    public async Task Keys_land_on_the_partition_librdkafka_murmur2_chooses()
    {
        using var broker = EmbeddedBroker.Start();
        const int Partitions = 7;
        broker.CreateTopic("keys", Partitions);
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            Partitioner = Partitioner.Murmur2Random,
        }).Build();

        // Lengths 0..40 cover every tail length of the hash; ids and UTF-8 cover the keys the pipeline uses.
        var keys = Enumerable.Range(0, 41).Select(n => new string('k', n))
            .Concat(Enumerable.Range(0, 300).Select(i => "item-" + i))
            .Concat(["u1", "ünïcødé-user", "🙂"])
            .Select(Encoding.UTF8.GetBytes)
            .ToList();
        foreach (var key in keys)
        {
            var delivered = await producer.ProduceAsync("keys", new Message<byte[], byte[]> { Key = key, Value = [] });
            Assert.Equal(delivered.Partition.Value, DefaultPartitioner.Partition(key, Partitions));
        }
    }

    [Fact]
    public void Partition_count_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DefaultPartitioner.Partition([1], 0));
}
