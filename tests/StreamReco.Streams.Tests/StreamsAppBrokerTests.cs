using Confluent.Kafka;
using StreamReco.Kafka;
using StreamReco.Testing;
using Xunit.Abstractions;

namespace StreamReco.Streams.Tests;

/// <summary>The Kafka engine on the embedded broker (librdkafka mock cluster): EOS, restore, rebalance, failure injection.</summary>
public sealed class StreamsAppBrokerTests(ITestOutputHelper output)
{
    private const int Users = 20;

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
        AssertEachUserCountedOnceInOrder(fixture.ReadCounts(TestTopologies.Counts), expectedPerUser: 20);
    }

    [Fact]
    public async Task Crashed_instance_restarts_from_the_changelog_and_ends_with_the_same_state_and_no_duplicates()
    {
        using var fixture = new BrokerFixture("crash", new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerUser(persistent: true);
        fixture.CreateTopics(topology, TestTopologies.Counts, TestTopologies.Clicks + ".dlq");
        fixture.ProduceClicks(0, 200, Users);
        var first = fixture.StartApp(topology, "a", ProcessingGuarantee.ExactlyOnce, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => fixture.ReadCounts(TestTopologies.Counts).Count == 200, "first 200 counts committed");

        // Mid-stream: more input arrives and the instance dies while (or before) processing it, without committing.
        fixture.ProduceClicks(200, 200, Users);
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(first, TestTopologies.CountStore) > 200, "crashed instance started on the second batch");
        Assert.True(first.Crash(TimeSpan.FromSeconds(20)));

        var second = fixture.StartApp(topology, "a", ProcessingGuarantee.ExactlyOnce, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(second, TestTopologies.CountStore) == 400, "restarted instance counted all 400");
        Assert.True(second.Close(TimeSpan.FromSeconds(20)));
        await second.Completion;

        AssertEachUserCountedOnceInOrder(fixture.ReadCounts(TestTopologies.Counts), expectedPerUser: 20);
        var changelog = fixture.ReadCounts(topology.InternalTopics(fixture.ApplicationId).Single());
        Assert.All(changelog.GroupBy(r => r.Key), g => Assert.Equal(20, g.Max(r => r.Value)));
    }

    [Fact]
    public async Task Clean_restart_restores_only_past_the_checkpoint()
    {
        using var fixture = new BrokerFixture("checkpoint", new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerUser(persistent: true);
        fixture.CreateTopics(topology, TestTopologies.Counts, TestTopologies.Clicks + ".dlq");
        fixture.ProduceClicks(0, 200, Users);
        var first = fixture.StartApp(topology, "a", ProcessingGuarantee.ExactlyOnce, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(first, TestTopologies.CountStore) == 200, "200 counted");
        Assert.True(first.Close(TimeSpan.FromSeconds(20)));
        var checkpoints = Directory.GetFiles(fixture.StateRoot, ".checkpoint", SearchOption.AllDirectories);
        Assert.Equal(BrokerFixture.Partitions, checkpoints.Length);

        var restoredBefore = StreamsMetrics.RestoredRecords.WithLabels(fixture.ApplicationId, TestTopologies.CountStore).Value;
        fixture.ProduceClicks(200, 200, Users);
        var second = fixture.StartApp(topology, "a", ProcessingGuarantee.ExactlyOnce, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(second, TestTopologies.CountStore) == 400, "400 counted after restart");

        Assert.Equal(restoredBefore, StreamsMetrics.RestoredRecords.WithLabels(fixture.ApplicationId, TestTopologies.CountStore).Value);
        Assert.True(second.Close(TimeSpan.FromSeconds(20)));
        AssertEachUserCountedOnceInOrder(fixture.ReadCounts(TestTopologies.Counts), expectedPerUser: 20);
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
        AssertEachUserCountedOnceInOrder(fixture.ReadCounts(TestTopologies.Counts), expectedPerUser: 10);
    }

    [Fact]
    public async Task Second_instance_takes_over_partitions_with_restored_state_and_nothing_is_counted_twice_or_lost()
    {
        using var fixture = new BrokerFixture("rebalance", new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerUser(persistent: true);
        fixture.CreateTopics(topology, TestTopologies.Counts, TestTopologies.Clicks + ".dlq");
        fixture.ProduceClicks(0, 200, Users);
        var first = fixture.StartApp(topology, "a", ProcessingGuarantee.ExactlyOnce, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(first, TestTopologies.CountStore) == 200, "first instance counted 200");

        var second = fixture.StartApp(topology, "b", ProcessingGuarantee.ExactlyOnce, TimeSpan.FromMilliseconds(100));
        fixture.ProduceClicks(200, 200, Users);
        await Eventually.UntilAsync(
            () => second.LocalTasks.Count > 0 && first.LocalTasks.Count > 0
                && first.LocalTasks.Count + second.LocalTasks.Count == BrokerFixture.Partitions
                && BrokerFixture.TotalCount(first, TestTopologies.CountStore) + BrokerFixture.TotalCount(second, TestTopologies.CountStore) == 400,
            "partitions split across both instances and all 400 clicks counted");

        Assert.Empty(first.LocalTasks.Intersect(second.LocalTasks));
        var firstCounts = first.Store<string, long>(TestTopologies.CountStore).All().ToDictionary(e => e.Key, e => e.Value);
        var secondCounts = second.Store<string, long>(TestTopologies.CountStore).All().ToDictionary(e => e.Key, e => e.Value);
        Assert.Empty(firstCounts.Keys.Intersect(secondCounts.Keys));
        Assert.Equal(Users, firstCounts.Count + secondCounts.Count);
        Assert.All(firstCounts.Concat(secondCounts), e => Assert.Equal(20, e.Value));
        Assert.True(second.Close(TimeSpan.FromSeconds(20)));
        Assert.True(first.Close(TimeSpan.FromSeconds(20)));
        AssertEachUserCountedOnceInOrder(fixture.ReadCounts(TestTopologies.Counts), expectedPerUser: 20);
    }

    /// <summary>Every user's outputs are exactly 1, 2, ..., n in offset order: no duplicate, no gap.</summary>
    private static void AssertEachUserCountedOnceInOrder(List<(string Key, long Value, int Partition, long Offset)> outputs, int expectedPerUser)
    {
        var byUser = outputs.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.OrderBy(o => o.Offset).Select(o => o.Value).ToList());
        Assert.Equal(Users, byUser.Count);
        foreach (var (user, values) in byUser)
        {
            Assert.True(
                values.SequenceEqual(Enumerable.Range(1, expectedPerUser).Select(i => (long)i)),
                $"{user}: {string.Join(",", values)}");
        }
    }
}
