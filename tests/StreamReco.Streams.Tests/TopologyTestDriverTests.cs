using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamReco.Streams.State;
using StreamReco.Streams.Testing;

namespace StreamReco.Streams.Tests;

public sealed class TopologyTestDriverTests
{
    [Fact]
    public void Counts_per_key_are_forwarded_to_the_sink_and_kept_in_the_store()
    {
        using var driver = new TopologyTestDriver(TestTopologies.CountPerUser());
        var input = driver.CreateInputTopic(TestTopologies.Clicks, Serdes.String, ClickTestEventSerde.Instance);
        var output = driver.CreateOutputTopic(TestTopologies.Counts, Serdes.String, Serdes.Int64);

        input.PipeInput("u1", new ClickTestEvent("u1", "i1", 1_000), 1_000);
        input.PipeInput("u2", new ClickTestEvent("u2", "i1", 2_000), 2_000);
        input.PipeInput("u1", new ClickTestEvent("u1", "i2", 3_000), 3_000);

        var records = output.ReadRecordsToList();
        Assert.Equal(["u1:1", "u2:1", "u1:2"], records.Select(r => $"{r.Key}:{r.Value}"));
        Assert.Equal([1_000L, 2_000L, 3_000L], records.Select(r => r.TimestampMs));
        var store = driver.GetKeyValueStore<string, long>(TestTopologies.CountStore);
        Assert.Equal(2, store.Get("u1"));
        Assert.Equal(1, store.Get("u2"));
        Assert.Equal(2, store.ApproximateCount);
    }

    [Fact]
    public void A_flush_emitting_processor_forwards_once_per_record_while_the_driver_commits_after_each_record()
    {
        using var driver = new TopologyTestDriver(TestTopologies.CountPerUserEmittedOnFlush());
        var input = driver.CreateInputTopic(TestTopologies.Clicks, Serdes.String, ClickTestEventSerde.Instance);
        var output = driver.CreateOutputTopic(TestTopologies.Counts, Serdes.String, Serdes.Int64);

        input.PipeInput("u1", new ClickTestEvent("u1", "i1", 1_000), 1_000);
        input.PipeInput("u1", new ClickTestEvent("u1", "i2", 2_000), 2_000);
        input.PipeInput("u2", new ClickTestEvent("u2", "i1", 3_000), 3_000);

        Assert.Equal(["u1:1", "u1:2", "u2:1"], output.ReadRecordsToList().Select(r => $"{r.Key}:{r.Value}"));
    }

    [Fact]
    public void Without_a_commit_per_record_flush_emitted_outputs_wait_for_the_commit_and_carry_each_keys_newest_value()
    {
        using var driver = new TopologyTestDriver(
            TestTopologies.CountPerUserEmittedOnFlush(), new TopologyTestDriverOptions { CommitAfterEachRecord = false });
        var input = driver.CreateInputTopic(TestTopologies.Clicks, Serdes.String, ClickTestEventSerde.Instance);
        var output = driver.CreateOutputTopic(TestTopologies.Counts, Serdes.String, Serdes.Int64);

        for (var i = 0; i < 10; i++)
        {
            input.PipeInput("u" + (i % 3), new ClickTestEvent("u" + (i % 3), "i1", 1_000 + i), 1_000 + i);
        }

        Assert.Empty(output.ReadRecordsToList());
        driver.Commit();
        Assert.Equal(["u0:4", "u1:3", "u2:3"], output.ReadRecordsToList().Select(r => $"{r.Key}:{r.Value}"));
        driver.Commit();
        Assert.Empty(output.ReadRecordsToList());
    }

    [Fact]
    public void Evictions_emit_before_the_commit_when_the_cache_is_smaller_than_the_keys()
    {
        using var driver = new TopologyTestDriver(
            TestTopologies.CountPerUserEmittedOnFlush(cacheEntries: 2), new TopologyTestDriverOptions { CommitAfterEachRecord = false });
        var input = driver.CreateInputTopic(TestTopologies.Clicks, Serdes.String, ClickTestEventSerde.Instance);
        var output = driver.CreateOutputTopic(TestTopologies.Counts, Serdes.String, Serdes.Int64);

        input.PipeInput("a", new ClickTestEvent("a", "i1", 1), 1);
        input.PipeInput("a", new ClickTestEvent("a", "i1", 2), 2);
        input.PipeInput("b", new ClickTestEvent("b", "i1", 3), 3);
        input.PipeInput("c", new ClickTestEvent("c", "i1", 4), 4);

        Assert.Equal(["a:2"], output.ReadRecordsToList().Select(r => $"{r.Key}:{r.Value}"));
        driver.Commit();
        Assert.Equal(["b:1", "c:1"], output.ReadRecordsToList().Select(r => $"{r.Key}:{r.Value}"));
    }

    [Fact]
    public void A_forwarder_to_a_child_of_another_record_type_fails_at_init()
    {
        var topology = new Topology()
            .AddSource("src", "in", Serdes.String, Serdes.String)
            .AddProcessor("bad", () => new WrongForwarderProcessor(), "src")
            .AddSink("sink", "out", Serdes.String, Serdes.String, "bad");

        var error = Assert.Throws<StreamsException>(() => new TopologyTestDriver(topology));
        Assert.Contains("forwarder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_reaches_every_child_or_only_the_named_one()
    {
        var topology = new Topology()
            .AddSource("src", "in", Serdes.String, Serdes.String)
            .AddProcessor("split", () => new SplitProcessor(), "src")
            .AddSink("all-sink", "all", Serdes.String, Serdes.String, "split")
            .AddSink("odd-sink", "odd", Serdes.String, Serdes.String, "split");
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k", "broadcast", 1);
        input.PipeInput("k", "odd-only", 2);

        Assert.Equal(["broadcast"], driver.CreateOutputTopic("all", Serdes.String, Serdes.String).ReadValuesToList());
        Assert.Equal(["broadcast", "odd-only"], driver.CreateOutputTopic("odd", Serdes.String, Serdes.String).ReadValuesToList());
    }

    [Fact]
    public void Forwarding_a_type_the_child_does_not_accept_fails_loudly()
    {
        var topology = new Topology()
            .AddSource("src", "in", Serdes.String, Serdes.String)
            .AddProcessor<string, string>("upcast", () => new LengthProcessor(), "src")
            .AddSink("sink", "out", Serdes.String, Serdes.String, "upcast");
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        var error = Assert.Throws<StreamsException>(() => input.PipeInput("k", "abc", 1));
        Assert.Contains("sink", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_time_punctuation_fires_on_first_record_then_on_aligned_intervals_skipping_missed_ones()
    {
        var fired = new List<long>();
        var topology = new Topology()
            .AddSource("src", "in", Serdes.String, Serdes.String)
            .AddProcessor("p", () => new PunctuatingProcessor(TimeSpan.FromSeconds(10), PunctuationType.StreamTime, fired), "src");
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k", "a", 1_000);
        input.PipeInput("k", "b", 5_000);
        input.PipeInput("k", "late", 500);
        input.PipeInput("k", "c", 10_000);
        input.PipeInput("k", "d", 35_000);
        input.PipeInput("k", "e", 39_999);

        Assert.Equal([1_000L, 10_000L, 35_000L], fired);
    }

    [Fact]
    public void Wall_clock_punctuation_follows_the_fake_time_provider()
    {
        var fired = new List<long>();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var topology = new Topology()
            .AddSource("src", "in", Serdes.String, Serdes.String)
            .AddProcessor("p", () => new PunctuatingProcessor(TimeSpan.FromMinutes(1), PunctuationType.WallClockTime, fired), "src");
        using var driver = new TopologyTestDriver(topology, new TopologyTestDriverOptions { TimeProvider = clock });

        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(30));
        Assert.Empty(fired);
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(30));
        Assert.Equal([1_700_000_060_000L], fired);
        driver.AdvanceWallClockTime(TimeSpan.FromMinutes(2.5));
        Assert.Equal([1_700_000_060_000L, 1_700_000_210_000L], fired);
        Assert.Equal(1_700_000_210_000L, clock.GetUtcNow().ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Undecodable_values_go_to_the_dead_letter_topic_with_reason_and_do_not_stop_processing()
    {
        using var driver = new TopologyTestDriver(TestTopologies.CountPerUser());
        var input = driver.CreateInputTopic(TestTopologies.Clicks, Serdes.String, ClickTestEventSerde.Instance);
        var deadLetters = driver.CreateOutputTopic(TestTopologies.Clicks + ".dlq", Serdes.ByteArray, Serdes.ByteArray);
        var before = StreamsMetrics.DeadLettered.WithLabels(driver.ApplicationId, TestTopologies.Clicks, "CorruptBody").Value;

        input.PipeRawInput(Encoding.UTF8.GetBytes("u1"), Encoding.UTF8.GetBytes("{not json"), 1_000);
        input.PipeRawInput(Encoding.UTF8.GetBytes("u1"), null, 1_100);
        input.PipeInput("u1", new ClickTestEvent("u1", "i1", 2_000), 2_000);

        var first = deadLetters.ReadRecord();
        Assert.Equal("{not json", Encoding.UTF8.GetString(first.Value));
        Assert.Equal("u1", Encoding.UTF8.GetString(first.Key));
        Assert.Equal("CorruptBody", first.HeaderString(DeadLetterHeaders.Reason));
        Assert.Equal(TestTopologies.Clicks, first.HeaderString(DeadLetterHeaders.SourceTopic));
        Assert.Equal("0", first.HeaderString(DeadLetterHeaders.SourceOffset));
        Assert.Equal("Empty", deadLetters.ReadRecord().HeaderString(DeadLetterHeaders.Reason));
        Assert.True(deadLetters.IsEmpty);
        Assert.Equal(2, driver.DeadLetteredCount);
        Assert.Equal(before + 1, StreamsMetrics.DeadLettered.WithLabels(driver.ApplicationId, TestTopologies.Clicks, "CorruptBody").Value);
        Assert.Equal(1, driver.GetKeyValueStore<string, long>(TestTopologies.CountStore).Get("u1"));
    }

    [Fact]
    public void Dead_letter_topic_is_configurable_per_source()
    {
        using var driver = new TopologyTestDriver(TestTopologies.CountPerUser(deadLetterTopic: "custom.dlq"));
        var input = driver.CreateInputTopic(TestTopologies.Clicks, Serdes.String, ClickTestEventSerde.Instance);

        input.PipeRawInput(null, [0xC3, 0x01], 1);

        Assert.Equal(1, driver.CreateOutputTopic("custom.dlq", Serdes.ByteArray, Serdes.ByteArray).QueueSize);
        Assert.DoesNotContain(TestTopologies.Clicks + ".dlq", driver.ProducedTopicNames);
    }

    [Fact]
    public void Repartition_rekeys_through_the_internal_topic_into_a_downstream_sub_topology()
    {
        var topology = TestTopologies.CountPerItemThroughRepartition();
        using var driver = new TopologyTestDriver(topology, new TopologyTestDriverOptions { ApplicationId = "reco" });
        var input = driver.CreateInputTopic(TestTopologies.Clicks, Serdes.String, ClickTestEventSerde.Instance);

        input.PipeInput("u1", new ClickTestEvent("u1", "i1", 1), 1);
        input.PipeInput("u2", new ClickTestEvent("u2", "i1", 2), 2);
        input.PipeInput("u1", new ClickTestEvent("u1", "i2", 3), 3);

        Assert.Equal("reco-by-item-repartition", driver.RepartitionTopic("by-item"));
        var repartitioned = driver.CreateOutputTopic(driver.RepartitionTopic("by-item"), Serdes.String, ClickTestEventSerde.Instance);
        Assert.Equal(["i1", "i1", "i2"], repartitioned.ReadRecordsToList().Select(r => r.Key));
        var counts = driver.CreateOutputTopic(TestTopologies.ItemCounts, Serdes.String, Serdes.Int64).ReadKeyValuesToMap();
        Assert.Equal(2, counts["i1"]);
        Assert.Equal(1, counts["i2"]);
        Assert.Contains("Sub-topology 1", topology.Describe("reco"), StringComparison.Ordinal);
        Assert.Equal(["reco-by-item-repartition", "reco-item-counts-changelog"], topology.InternalTopics("reco"));
    }

    [Fact]
    public void Store_supports_range_all_and_delete_in_key_byte_order()
    {
        using var driver = new TopologyTestDriver(TestTopologies.CountPerUser());
        var input = driver.CreateInputTopic(TestTopologies.Clicks, Serdes.String, ClickTestEventSerde.Instance);
        foreach (var user in new[] { "c", "a", "d", "b" })
        {
            input.PipeInput(user, new ClickTestEvent(user, "i", 1), 1);
        }

        var store = driver.GetKeyValueStore<string, long>(TestTopologies.CountStore);
        Assert.Equal(["b", "c"], store.Range("b", "c").Select(e => e.Key));
        Assert.True(store.Delete("c"));
        Assert.False(store.Delete("c"));
        Assert.Equal(["a", "b", "d"], store.All().Select(e => e.Key));
        Assert.False(store.TryGet("c", out _));
    }

    [Fact]
    public void Topology_rejects_unknown_parents_and_stores_on_non_processors()
    {
        var topology = new Topology().AddSource("src", "in", Serdes.String, Serdes.String);

        Assert.Throws<ArgumentException>(() => topology.AddSink("sink", "out", Serdes.String, Serdes.String, "nope"));
        Assert.Throws<ArgumentException>(() =>
            topology.AddStateStore(Stores.InMemoryKeyValueStore("s", Serdes.String, Serdes.String), "src"));
        Assert.Throws<ArgumentException>(() => topology.AddSource("src2", "in", Serdes.String, Serdes.String));
    }

    [Fact]
    public void Processors_cannot_reach_stores_they_are_not_attached_to()
    {
        var topology = new Topology()
            .AddSource("src", "in", Serdes.String, ClickTestEventSerde.Instance)
            .AddProcessor("count", () => new CountingProcessor("not-attached"), "src")
            .AddStateStore(Stores.InMemoryKeyValueStore("attached", Serdes.String, Serdes.Int64), "count");

        var error = Assert.Throws<StreamsException>(() => new TopologyTestDriver(topology));
        Assert.Contains("not-attached", error.Message, StringComparison.Ordinal);
    }

    private sealed class SplitProcessor : Processor<string, string>
    {
        public override void Process(Record<string, string> record)
        {
            if (record.Value == "broadcast")
            {
                Context.Forward(record);
            }
            else
            {
                Context.Forward(record, "odd-sink");
            }
        }
    }

    private sealed class LengthProcessor : Processor<string, string>
    {
        public override void Process(Record<string, string> record) => Context.Forward(record.WithValue(record.Value.Length));
    }

    private sealed class PunctuatingProcessor(TimeSpan interval, PunctuationType type, List<long> fired) : Processor<string, string>
    {
        public override void Init(IProcessorContext context)
        {
            base.Init(context);
            context.Schedule(interval, type, fired.Add);
        }

        public override void Process(Record<string, string> record)
        {
        }
    }
}
