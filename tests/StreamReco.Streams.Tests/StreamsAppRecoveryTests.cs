using StreamReco.Testing;
using Xunit.Abstractions;

namespace StreamReco.Streams.Tests;

/// <summary>Recovery on the embedded broker: crash restore, checkpointed restore, rebalance to a second instance.</summary>
public sealed class StreamsAppRecoveryTests(ITestOutputHelper output)
{
    private const int Users = BrokerFixture.Users;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Crashed_instance_restarts_from_the_changelog_and_ends_with_the_same_state_and_no_duplicates(bool cached)
    {
        // Cached: the store holds fewer entries than there are users, so both commit flushes and evictions feed the changelog.
        using var fixture = new BrokerFixture(cached ? "crash-cached" : "crash", new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerUser(persistent: true, cached: cached);
        fixture.CreateTopics(topology, TestTopologies.Counts, TestTopologies.Clicks + ".dlq");
        fixture.ProduceClicks(0, 200, Users);
        var first = fixture.StartApp(topology, "a", ProcessingGuarantee.ExactlyOnce, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => fixture.ReadCounts(TestTopologies.Counts).Count == 200, "first 200 counts committed");

        fixture.ProduceClicks(200, 200, Users);
        await Eventually.UntilAsync(() => fixture.ReadCounts(TestTopologies.Counts).Count == 400, "second batch committed");

        // Kill it: no final commit, no task close, no checkpoint. (Killing it with a transaction open cannot be checked on the
        // mock broker, which shows a zombie's uncommitted records to read_committed readers; see EmbeddedBrokerCapabilityTests.)
        Assert.True(first.Crash(TimeSpan.FromSeconds(20)));
        Assert.Empty(Directory.GetFiles(fixture.StateRoot, ".checkpoint", SearchOption.AllDirectories));
        fixture.ProduceClicks(400, 200, Users);
        var restoredBefore = StreamsMetrics.RestoredRecords.WithLabels(fixture.ApplicationId, TestTopologies.CountStore).Value;

        var second = fixture.StartApp(topology, "a", ProcessingGuarantee.ExactlyOnce, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(second, TestTopologies.CountStore) == 600, "restarted instance counted all 600");
        Assert.True(second.Close(TimeSpan.FromSeconds(20)));
        await second.Completion;

        Assert.True(StreamsMetrics.RestoredRecords.WithLabels(fixture.ApplicationId, TestTopologies.CountStore).Value - restoredBefore >= Users);
        BrokerFixture.AssertEachUserCountedOnceInOrder(fixture.ReadCounts(TestTopologies.Counts), expectedPerUser: 30);
        var changelog = fixture.ReadCounts(topology.InternalTopics(fixture.ApplicationId).Single());
        Assert.All(changelog.GroupBy(r => r.Key), g => Assert.Equal(30, g.Max(r => r.Value)));
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
        BrokerFixture.AssertEachUserCountedOnceInOrder(fixture.ReadCounts(TestTopologies.Counts), expectedPerUser: 20);
    }

    [Fact]
    public async Task Second_instance_takes_over_partitions_with_restored_state_and_nothing_is_counted_twice_or_lost()
    {
        using var fixture = new BrokerFixture("rebalance", new TestOutputLoggerFactory(output));
        var topology = TestTopologies.CountPerUser(persistent: true);
        fixture.CreateTopics(topology, TestTopologies.Counts, TestTopologies.Clicks + ".dlq");
        fixture.ProduceClicks(0, 200, Users);
        var first = fixture.StartApp(topology, "a", ProcessingGuarantee.ExactlyOnce, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => fixture.ReadCounts(TestTopologies.Counts).Count == 200, "first instance committed 200 counts");

        // The second instance joins while the first is idle: on the mock broker a rebalance with records in flight can replay
        // input, because the mock drops TxnOffsetCommit and rejects plain commits mid-rebalance (IllegalGeneration).
        var restoredBefore = StreamsMetrics.RestoredRecords.WithLabels(fixture.ApplicationId, TestTopologies.CountStore).Value;
        var second = fixture.StartApp(topology, "b", ProcessingGuarantee.ExactlyOnce, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(
            () => second.LocalTasks.Count > 0 && first.LocalTasks.Count > 0
                && first.LocalTasks.Count + second.LocalTasks.Count == BrokerFixture.Partitions
                && first.State == StreamsState.Running && second.State == StreamsState.Running,
            "partitions split across both instances");
        Assert.True(StreamsMetrics.RestoredRecords.WithLabels(fixture.ApplicationId, TestTopologies.CountStore).Value > restoredBefore);

        fixture.ProduceClicks(200, 200, Users);
        await Eventually.UntilAsync(
            () => BrokerFixture.TotalCount(first, TestTopologies.CountStore) + BrokerFixture.TotalCount(second, TestTopologies.CountStore) == 400,
            "all 400 clicks counted across both instances");

        Assert.Empty(first.LocalTasks.Intersect(second.LocalTasks));
        var firstCounts = first.Store<string, long>(TestTopologies.CountStore).All().ToDictionary(e => e.Key, e => e.Value);
        var secondCounts = second.Store<string, long>(TestTopologies.CountStore).All().ToDictionary(e => e.Key, e => e.Value);
        Assert.Empty(firstCounts.Keys.Intersect(secondCounts.Keys));
        Assert.Equal(Users, firstCounts.Count + secondCounts.Count);
        Assert.All(firstCounts.Concat(secondCounts), e => Assert.Equal(20, e.Value));
        Assert.True(second.Close(TimeSpan.FromSeconds(20)));
        Assert.True(first.Close(TimeSpan.FromSeconds(20)));
        BrokerFixture.AssertEachUserCountedOnceInOrder(fixture.ReadCounts(TestTopologies.Counts), expectedPerUser: 20);
    }
}
