using Confluent.Kafka;
using StreamReco.Testing;

namespace StreamReco.Kafka.Tests;

/// <summary>Records whose one-byte value is their offset, for checking what a partition still holds after DeleteRecords.</summary>
internal static class NumberedRecords
{
    /// <summary>Produces values 0..count-1 to partition 0, awaited one by one: one batch per record, so every offset is a
    /// batch boundary (the mock deletes whole batches only).</summary>
    public static async Task ProduceAsync(string bootstrapServers, string topic, int count)
    {
        using var producer = TestKafka.Producer(bootstrapServers);
        for (var i = 0; i < count; i++)
        {
            await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<byte[], byte[]> { Key = [1], Value = [(byte)i] });
        }
    }

    /// <summary>Asserts that partition 0 starts at <paramref name="start"/>, ends at <paramref name="end"/> and holds exactly those records.</summary>
    public static void AssertHolds(string bootstrapServers, string topic, int start, int end)
    {
        using var consumer = TestKafka.Consumer(bootstrapServers);
        var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));
        Assert.Equal(start, watermarks.Low.Value);
        Assert.Equal(end, watermarks.High.Value);
        Assert.Equal(Enumerable.Range(start, end - start), TestKafka.ReadAll(bootstrapServers, topic).Select(r => (int)r.Message.Value[0]));
    }
}
