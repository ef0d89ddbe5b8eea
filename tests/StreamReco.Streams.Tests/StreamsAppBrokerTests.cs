using Confluent.Kafka;
using StreamReco.Kafka;
using StreamReco.Testing;
using Xunit.Abstractions;

namespace StreamReco.Streams.Tests;

/// <summary>The Kafka engine on the embedded broker (librdkafka mock cluster): EOS, restore, rebalance, failure injection.</summary>
public sealed class StreamsAppBrokerTests(ITestOutputHelper output)
{
    private const int Users = BrokerFixture.Users;

    [Theory]
    [InlineData(ProcessingGuarantee.ExactlyOnce)]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    public async Task Counts_every_click_once_and_publishes_them_to_the_sink(ProcessingGuarantee guarantee)
    {
        using var fixture = new BrokerFixture("count-" + guarantee, new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerUser(persistent: true);
        fixture.CreateTopics(topology, TestTopologies.Counts, TestTopologies.Clicks + ".dlq");
        fixture.ProduceClicks(0, 400, Users);

        var app = fixture.StartApp(topology, "a", guarantee, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(app, TestTopologies.CountStore) == 400, "all 400 clicks counted");

        Assert.True(app.Close(TimeSpan.FromSeconds(20)));
        await app.Completion;
        Assert.Equal(StreamsState.NotRunning, app.State);
        BrokerFixture.AssertEachUserCountedOnceInOrder(fixture.ReadCounts(TestTopologies.Counts), expectedPerUser: 20);
    }

    [Theory]
    [InlineData(ProcessingGuarantee.ExactlyOnce)]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    public async Task Counts_emitted_on_cache_flush_are_deduplicated_per_commit_and_end_at_the_true_totals(ProcessingGuarantee guarantee)
    {
        using var fixture = new BrokerFixture("flush-emit-" + guarantee, new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerUserEmittedOnFlush();
        fixture.CreateTopics(topology, TestTopologies.Counts);
        fixture.ProduceClicks(0, 400, Users);

        var app = fixture.StartApp(topology, "a", guarantee, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(
            () => fixture.ReadCounts(TestTopologies.Counts).GroupBy(r => r.Key).Sum(g => g.Max(r => r.Value)) == 400, "every user's final count emitted");
        Assert.True(app.Close(TimeSpan.FromSeconds(20)));

        var outputs = fixture.ReadCounts(TestTopologies.Counts);
        Assert.All(outputs.GroupBy(r => r.Key), g =>
        {
            Assert.Equal(20, g.Last().Value);
            Assert.Equal(g.Select(r => r.Value).Order(), g.Select(r => r.Value));
        });

        // 400 clicks land in a few commit intervals: far fewer outputs than clicks, at least one per user.
        Assert.InRange(outputs.Count, Users, 399);
    }

    [Fact]
    public async Task A_backlog_through_a_repartition_topic_pauses_the_upstream_and_every_record_arrives()
    {
        using var fixture = new BrokerFixture("backpressure", new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerItemThroughRepartition();
        fixture.CreateTopics(topology, TestTopologies.ItemCounts);
        fixture.ProduceClicks(0, 6_000, Users);
        var pausesBefore = StreamsMetrics.UpstreamPauses.WithLabels(fixture.ApplicationId, "0").Value;

        var app = fixture.StartApp(topology, "a", ProcessingGuarantee.AtLeastOnce, TimeSpan.FromMilliseconds(100), maxRepartitionLag: 50);
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(app, TestTopologies.ItemCountStore) == 6_000, "all 6000 re-keyed clicks counted");

        Assert.True(StreamsMetrics.UpstreamPauses.WithLabels(fixture.ApplicationId, "0").Value > pausesBefore);
        Assert.True(app.Close(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Large_re_keyed_records_pause_the_upstream_before_the_broker_drops_any_within_the_record_limit()
    {
        // 20 KiB records: the embedded broker keeps about 5 MiB (some 250 of them) per partition, far fewer than the record
        // limit of 2 000, so only the byte limit stands between a 1 500-click backlog and records dropped unread.
        using var fixture = new BrokerFixture("backpressure-bytes", new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerItemThroughRepartition(repartitionValueBytes: 20 * 1024);
        fixture.CreateTopics(topology, TestTopologies.ItemCounts);
        fixture.ProduceClicks(0, 1_500, Users);
        var pausesBefore = StreamsMetrics.UpstreamPauses.WithLabels(fixture.ApplicationId, "0").Value;

        var app = fixture.StartApp(topology, "a", ProcessingGuarantee.AtLeastOnce, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(app, TestTopologies.ItemCountStore) == 1_500, "all 1500 re-keyed clicks counted");

        Assert.True(StreamsMetrics.UpstreamPauses.WithLabels(fixture.ApplicationId, "0").Value > pausesBefore);
        Assert.True(app.Close(TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    [InlineData(ProcessingGuarantee.ExactlyOnce)]
    public async Task Committed_repartition_records_are_deleted_and_every_record_is_still_counted_once(ProcessingGuarantee guarantee)
    {
        using var fixture = new BrokerFixture("purge-" + guarantee, new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerItemThroughRepartition();
        fixture.CreateTopics(topology, TestTopologies.ItemCounts);
        var repartition = Assert.Single(topology.InternalTopics(fixture.ApplicationId), t => t.EndsWith("-repartition", StringComparison.Ordinal));
        fixture.ProduceClicks(0, 3_000, Users);
        var purgesBefore = StreamsMetrics.RepartitionPurges.WithLabels(fixture.ApplicationId, "ok").Value;

        var app = fixture.StartApp(topology, "a", guarantee, TimeSpan.FromMilliseconds(100), repartitionPurgeInterval: TimeSpan.FromMilliseconds(200));
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(app, TestTopologies.ItemCountStore) == 3_000, "all 3000 re-keyed clicks counted");

        // Once input is idle the last committed records go too: each partition's log then starts exactly at the group's
        // committed offset. Never beyond it: nothing unread was deleted, and nothing was counted twice.
        await Eventually.UntilAsync(
            () =>
            {
                var committed = fixture.CommittedOffsets(repartition);
                var watermarks = fixture.Watermarks(repartition);
                return Enumerable.Range(0, BrokerFixture.Partitions).All(p => committed[p] > 0 && watermarks[p].Low.Value == committed[p]);
            },
            "every repartition partition purged up to the committed offset");

        Assert.True(StreamsMetrics.RepartitionPurges.WithLabels(fixture.ApplicationId, "ok").Value > purgesBefore);
        Assert.Equal(3_000, BrokerFixture.TotalCount(app, TestTopologies.ItemCountStore));
        Assert.True(app.Close(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_failing_purge_is_counted_and_retried_while_processing_goes_on()
    {
        using var fixture = new BrokerFixture("purge-failing", new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerItemThroughRepartition();
        fixture.CreateTopics(topology, TestTopologies.ItemCounts);
        var deleter = new FailingRecordDeleter();
        var failuresBefore = StreamsMetrics.RepartitionPurges.WithLabels(fixture.ApplicationId, "failed").Value;

        var app = fixture.StartApp(
            topology, "a", ProcessingGuarantee.AtLeastOnce, TimeSpan.FromMilliseconds(100), repartitionPurgeInterval: TimeSpan.FromMilliseconds(100), recordDeleter: deleter);
        fixture.ProduceClicks(0, 1_000, Users);
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(app, TestTopologies.ItemCountStore) == 1_000, "first 1000 clicks counted");
        fixture.ProduceClicks(1_000, 1_000, Users);
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(app, TestTopologies.ItemCountStore) == 2_000, "all 2000 clicks counted");
        await Eventually.UntilAsync(() => deleter.Calls >= 2, "the failed purge retried");

        Assert.Equal(StreamsState.Running, app.State);
        Assert.True(StreamsMetrics.RepartitionPurges.WithLabels(fixture.ApplicationId, "failed").Value >= failuresBefore + 2);
        Assert.All(fixture.Watermarks(fixture.ApplicationId + "-by-item-repartition"), w => Assert.Equal(0, w.Low.Value));
        Assert.True(app.Close(TimeSpan.FromSeconds(20)));
    }

    // Exactly-once with two threads is left out: in one clean CI run the mock broker left an exactly-once instance's Close
    // hanging (commit inside the revocation callback of consumer close, during a rebalance between the two threads); the
    // cause is not found yet, so exactly-once deployments should keep one stream thread per instance (README).
    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    public async Task Two_stream_threads_split_the_tasks_and_count_every_click_once(ProcessingGuarantee guarantee)
    {
        using var fixture = new BrokerFixture("threads-" + guarantee, new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerUser(persistent: true);
        fixture.CreateTopics(topology, TestTopologies.Counts, TestTopologies.Clicks + ".dlq");
        fixture.ProduceClicks(0, 200, Users);

        // The group's debug log, shown only if the test fails: a rare hang in Close (README, known gaps) needs librdkafka's
        // side ("waiting for ... before terminating") to be understood.
        var app = fixture.StartApp(topology, "a", guarantee, TimeSpan.FromMilliseconds(100), streamThreads: 2, consumerDebug: "cgrp");
        var thread0 = StreamsMetrics.ActiveTasks.WithLabels(fixture.ApplicationId, "0");
        var thread1 = StreamsMetrics.ActiveTasks.WithLabels(fixture.ApplicationId, "1");
        await Eventually.UntilAsync(
            () => thread0.Value > 0 && thread1.Value > 0 && thread0.Value + thread1.Value == BrokerFixture.Partitions,
            "both threads own tasks");
        fixture.ProduceClicks(200, 200, Users);

        // Interactive queries see the stores of both threads.
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(app, TestTopologies.CountStore) == 400, "all 400 clicks counted");
        Assert.Equal(BrokerFixture.Partitions, app.LocalTasks.Count);
        Assert.Equal(StreamsState.Running, app.State);
        Assert.True(app.Close(TimeSpan.FromSeconds(20)));
        await app.Completion;
        Assert.Equal(StreamsState.NotRunning, app.State);
        BrokerFixture.AssertEachUserCountedOnceInOrder(fixture.ReadCounts(TestTopologies.Counts), expectedPerUser: 20);
    }

    [Fact]
    public async Task Exactly_once_output_has_no_duplicates_after_an_injected_transaction_failure()
    {
        using var fixture = new BrokerFixture("inject", new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerUser(persistent: false);
        fixture.CreateTopics(topology, TestTopologies.Counts, TestTopologies.Clicks + ".dlq");
        fixture.ProduceClicks(0, 200, Users);
        var abortsBefore = StreamsMetrics.AbortedTransactions.WithLabels(fixture.ApplicationId).Value;

        // The first transaction cannot register its partitions: it must be aborted and the input replayed from the committed
        // offsets with state rebuilt from the changelog. (Failing AddPartitionsToTxn keeps the aborted records out of the log;
        // the mock broker would show aborted records to read_committed readers, see EmbeddedBrokerCapabilityTests.)
        fixture.Broker.PushRequestErrors(KafkaApi.AddPartitionsToTxn, ErrorCode.TopicAuthorizationFailed);
        var app = fixture.StartApp(topology, "a", ProcessingGuarantee.ExactlyOnce, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => fixture.ReadCounts(TestTopologies.Counts).Count >= 200, "200 committed counts");

        Assert.True(StreamsMetrics.AbortedTransactions.WithLabels(fixture.ApplicationId).Value > abortsBefore);
        Assert.Equal(StreamsState.Running, app.State);
        Assert.Equal(200, BrokerFixture.TotalCount(app, TestTopologies.CountStore));
        Assert.True(app.Close(TimeSpan.FromSeconds(20)));
        BrokerFixture.AssertEachUserCountedOnceInOrder(fixture.ReadCounts(TestTopologies.Counts), expectedPerUser: 10);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Processor_exception_stops_the_app_with_a_faulted_completion_and_error_state(int streamThreads)
    {
        // With two threads only the one owning the click's partition fails; the other must stop too.
        using var fixture = new BrokerFixture("fatal-" + streamThreads, new TestOutputLoggerFactory(output));
        var topology = new Topology()
            .AddSource("clicks-source", TestTopologies.Clicks, Serdes.String, ClickTestEventSerde.Instance)
            .AddProcessor("explode", () => new ThrowingProcessor(), "clicks-source");
        fixture.CreateTopics(topology, TestTopologies.Clicks + ".dlq");
        fixture.ProduceClicks(0, 1, Users);
        var app = fixture.CreateApp(topology, "a", ProcessingGuarantee.AtLeastOnce, streamThreads: streamThreads);
        var states = new List<StreamsState>();
        app.StateChanged += (_, e) =>
        {
            lock (states)
            {
                states.Add(e.NewState);
            }
        };
        app.Start();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Completion.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("boom", error.Message);
        Assert.Equal(StreamsState.Error, app.State);
        Assert.True(app.Close(TimeSpan.FromSeconds(20)));
        lock (states)
        {
            Assert.Equal(StreamsState.Error, states[^1]);

            // With two threads the failing one may die before the other is assigned, so the instance need not reach Running.
            if (streamThreads == 1)
            {
                Assert.Contains(StreamsState.Running, states);
            }
        }
    }

    [Fact]
    public async Task A_close_that_times_out_names_the_step_the_unstopped_thread_is_in()
    {
        var warnings = new WarningLog();
        var log = new TestOutputLoggerFactory(output);
        log.AddProvider(warnings);
        using var fixture = new BrokerFixture("stuck-close", log);
        using var release = new ManualResetEventSlim();
        var topology = new Topology()
            .AddSource("clicks-source", TestTopologies.Clicks, Serdes.String, ClickTestEventSerde.Instance)
            .AddProcessor("blocking-close", () => new BlockingCloseProcessor(release), "clicks-source");
        fixture.CreateTopics(topology, TestTopologies.Clicks + ".dlq");
        var app = fixture.StartApp(topology, "a", ProcessingGuarantee.AtLeastOnce, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => app.State == StreamsState.Running && app.LocalTasks.Count == BrokerFixture.Partitions, "all tasks running");

        // The consumer's Close runs the revocation callback, which closes the tasks: the first processor Close blocks there.
        Assert.False(app.Close(TimeSpan.FromMilliseconds(500)));
        var warning = Assert.Single(warnings.Entries, m => m.StartsWith("Stream thread 0 did not stop", StringComparison.Ordinal));
        Assert.Contains("within 0.5 s; it has been closing revoked tasks for", warning, StringComparison.Ordinal);

        release.Set();
        Assert.True(app.Close(TimeSpan.FromSeconds(20)));
        await app.Completion;
        Assert.Equal(StreamsState.NotRunning, app.State);
    }

    /// <summary>Blocks in Close until released, as a processor stuck on an external resource at shutdown would.</summary>
    private sealed class BlockingCloseProcessor(ManualResetEventSlim release) : Processor<string, ClickTestEvent>
    {
        public override void Process(Record<string, ClickTestEvent> record)
        {
        }

        public override void Close() => release.Wait();
    }

    private sealed class ThrowingProcessor : Processor<string, ClickTestEvent>
    {
        public override void Process(Record<string, ClickTestEvent> record) => throw new InvalidOperationException("boom");
    }
}
