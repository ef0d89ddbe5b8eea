using System.Text;
using Confluent.Kafka;
using StreamReco.Streams.Internal;
using StreamReco.Streams.State;

namespace StreamReco.Streams.Tests;

public sealed class ChangeLoggingStoreTests
{
    [Fact]
    public void Every_put_and_delete_is_logged_to_the_task_partition_and_replaying_the_log_rebuilds_the_store()
    {
        var collector = new CapturingCollector();
        var inner = new InMemoryKeyValueBytesStore("s");
        var timestamp = 1_000L;
        var logged = new ChangeLoggingKeyValueBytesStore(inner, collector, "app-s-changelog", partition: 3, () => timestamp);
        var store = new MeteredKeyValueStore<string, long>(logged, Serdes.String, Serdes.Int64, "app");

        store.Put("a", 1);
        store.Put("b", 2);
        timestamp = 2_000;
        store.Put("a", 3);
        Assert.True(store.Delete("b"));
        store.Put("c", 4);

        Assert.All(collector.Records, r => Assert.Equal(("app-s-changelog", 3), (r.Topic, r.Partition)));
        Assert.Equal(["a", "b", "a", "b", "c"], collector.Records.Select(r => Encoding.UTF8.GetString(r.Key!)));
        Assert.Null(collector.Records[3].Value);
        Assert.Equal(2_000, collector.Records[2].TimestampMs);

        // Restore = apply the log in order to an empty inner store (what ChangelogRestorer does with a consumer).
        var restored = new InMemoryKeyValueBytesStore("s");
        foreach (var record in collector.Records)
        {
            restored.Put(record.Key!, record.Value);
        }

        Assert.Equal(
            inner.Range(null, null).Select(e => (Encoding.UTF8.GetString(e.Key), Convert.ToHexString(e.Value))),
            restored.Range(null, null).Select(e => (Encoding.UTF8.GetString(e.Key), Convert.ToHexString(e.Value))));
        Assert.Equal(2, restored.ApproximateCount);
    }

    [Fact]
    public void Driver_stores_are_not_change_logged()
    {
        using var driver = new Testing.TopologyTestDriver(TestTopologies.CountPerUser());
        var input = driver.CreateInputTopic(TestTopologies.Clicks, Serdes.String, ClickTestEventSerde.Instance);

        input.PipeInput("u", new ClickTestEvent("u", "i", 1), 1);

        Assert.DoesNotContain(driver.ProducedTopicNames, t => t.EndsWith("-changelog", StringComparison.Ordinal));
    }

    private sealed class CapturingCollector : IRecordCollector
    {
        public List<(string Topic, int Partition, byte[]? Key, byte[]? Value, long TimestampMs)> Records { get; } = [];

        public void Send(string topic, int partition, byte[]? key, byte[]? value, Headers? headers, long timestampMs) =>
            Records.Add((topic, partition, key, value, timestampMs));

        public int PartitionCount(string topic) => 1;
    }
}
