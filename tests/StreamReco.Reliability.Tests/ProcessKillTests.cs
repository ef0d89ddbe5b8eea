using StreamReco.Cli.Hosting;
using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Testing;
using StreamReco.Trainer.Storage;
using Xunit.Abstractions;

namespace StreamReco.Reliability.Tests;

/// <summary>
/// kill -9 of the features service (the real CLI in a child process) mid-stream, then a restart with the same state directory
/// and instance: no click may be lost, and the restored state must be consistent with the output.
/// </summary>
/// <remarks>
/// Exactly-once across a SIGKILL cannot be fully guaranteed on the mock broker: it discards TxnOffsetCommit, so the service
/// commits group offsets in a plain OffsetCommit right after each transaction commits (--offsets-outside-transaction). A kill
/// between the two commits replays that one transaction's input (folded into the restored state again and re-emitted), and the
/// open transaction the kill abandoned stays visible to read_committed readers on the mock. The features test therefore asserts
/// no loss, counts duplicates, and checks that state and output agree: each user's final 7-day count is at least its clicks and
/// exceeds them by no more than its duplicated records, so the state was restored (not rebuilt from scratch, not lost).
/// </remarks>
public sealed class ProcessKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Partitions = 2;
    private const int Total = 3000;
    private const int Users = 30;

    private readonly EmbeddedBroker _broker = EmbeddedBroker.Start();
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "streamreco-reliability-kill", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _broker.Dispose();
        if (Directory.Exists(_stateDir))
        {
            Directory.Delete(_stateDir, recursive: true);
        }
    }

    [Fact]
    public async Task Features_service_killed_mid_stream_restarts_without_loss_and_with_restored_state()
    {
        _broker.CreatePipelineTopics(Partitions);
        foreach (var topic in FeatureTopology.Build(new FeatureTopologyOptions()).InternalTopics(ServiceFactory.FeaturesApplicationId))
        {
            _broker.CreateTopic(topic, Partitions);
        }

        var input = ClickSet.Create(Total, Users);
        input.Produce(_broker.BootstrapServers, 0, Total / 2);
        string[] arguments =
        [
            "features", "--bootstrap", _broker.BootstrapServers, "--partitions", Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--state-dir", _stateDir, "--metrics-port", "0", "--log-level", "Warning", "--offsets-outside-transaction", "true",

            // One features record per click, so the audit can find every click by its own record (see FeaturePipelineHarness).
            "--emit-every-update", "true",
        ];

        var beforeKill = 0;
        using (var first = CliProcess.Start(arguments))
        {
            // Kill once part of the input is committed, while the second half is still arriving and being processed.
            await WithChildOutputAsync(first, Eventually.UntilAsync(
                () =>
                {
                    Assert.False(first.HasExited, "features service exited early:\n" + first.Tail);
                    beforeKill = Total - OutputAudit.Read(_broker.BootstrapServers, input, Total).Missing;
                    return beforeKill >= Total / 4;
                },
                "the first instance emitting features",
                TimeSpan.FromSeconds(60)));
            input.Produce(_broker.BootstrapServers, Total / 2, Total / 2);
            first.KillHard();
        }

        output.WriteLine("clicks in committed output at kill: " + beforeKill + " of " + Total);
        using var second = CliProcess.Start(arguments);
        var audit = await AuditUntilCompleteAsync(second, input);
        output.WriteLine("after restart: " + audit);

        Assert.Equal(0, audit.Missing);
        Assert.Equal(0, audit.Unexpected);
        audit.AssertStateAccountsForEveryClick(input.ExpectedTotals(Total));
    }

    /// <summary>
    /// kill -9 of the trainer while training.snapshots arrive, a restart on the same disk, then a restart on an empty disk (the
    /// volume was lost) in the same consumer group: each time the training set must end up holding every snapshot exactly once.
    /// The store checkpoints the offsets it has fsynced and the consumer resumes from there, not from the group's committed
    /// offsets, so the empty-disk restart re-reads the retained topic instead of resuming at its end with nothing.
    /// </summary>
    [Fact]
    public async Task Trainer_killed_mid_stream_resumes_its_training_set_and_rebuilds_it_after_losing_its_disk()
    {
        const int Snapshots = 6000;
        _broker.CreatePipelineTopics(Partitions);
        var input = SnapshotSet.Create(Snapshots, Users);
        var expectedIds = input.Snapshots.Select(s => s.ExposureId).ToHashSet(StringComparer.Ordinal);
        input.Produce(_broker.BootstrapServers, 0, Snapshots / 2);
        string[] Arguments(string stateDir) =>
        [
            "trainer", "--bootstrap", _broker.BootstrapServers, "--partitions", Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--state-dir", stateDir, "--metrics-port", "0", "--log-level", "Warning", "--min-new-rows", "1000000000", "--train-every-minutes", "10080",
            // A restarted trainer waits for the killed one's session to expire before it is assigned the partitions.
            "--Trainer:SessionTimeoutSeconds", "4",
        ];

        long committedAtKill;
        using (var first = CliProcess.Start(Arguments(_stateDir)))
        {
            // Kill once the first instance has stored part of the input, while the rest is still arriving.
            await WithChildOutputAsync(first, Eventually.UntilAsync(
                () =>
                {
                    Assert.False(first.HasExited, "trainer exited early:\n" + first.Tail);
                    return TrainerCommitted() >= Snapshots / 4;
                },
                "the first trainer storing snapshots",
                TimeSpan.FromSeconds(60)));
            input.Produce(_broker.BootstrapServers, Snapshots / 2, Snapshots / 2);
            first.KillHard();
            committedAtKill = TrainerCommitted();
        }

        output.WriteLine("snapshots committed by the trainer at kill: " + committedAtKill + " of " + Snapshots);
        var sameDisk = await RunTrainerUntilStoredAsync(Arguments(_stateDir), _stateDir, Snapshots);
        output.WriteLine("after restart on the same disk: " + sameDisk);
        AssertHoldsExactly(expectedIds, sameDisk);

        // The group's committed offsets are at the end now; a trainer on a fresh disk must still rebuild the whole set.
        var freshDir = _stateDir + "-fresh";
        try
        {
            var freshDisk = await RunTrainerUntilStoredAsync(Arguments(freshDir), freshDir, Snapshots);
            output.WriteLine("after restart on an empty disk: " + freshDisk);
            AssertHoldsExactly(expectedIds, freshDisk);
        }
        finally
        {
            if (Directory.Exists(freshDir))
            {
                Directory.Delete(freshDir, recursive: true);
            }
        }
    }

    /// <summary>
    /// kill -9 of the scorer while requests arrive and after a new model version (and then an unservable one) was published, and a
    /// restart: every request must be answered (duplicates from the replayed last transaction are counted and printed), no answer
    /// may fall back to popularity or to the unknown-user strategy, and everything the restarted scorer answers for the first time
    /// must carry the latest servable version: it re-read models.versions, rejected the unservable version again and reloaded its
    /// user table before taking its first request.
    /// </summary>
    [Fact]
    public async Task Scorer_killed_mid_stream_restarts_serving_the_latest_good_model_without_losing_requests()
    {
        const int Batch = 300;
        _broker.CreatePipelineTopics(Partitions);
        var input = new ScorerInput(_broker.BootstrapServers, Users);
        input.PublishModel("v1");
        input.ProduceCatalogueAndUsers();
        input.ProduceRequests(0, Batch);
        string[] arguments =
        [
            "scorer", "--bootstrap", _broker.BootstrapServers, "--partitions", Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--state-dir", _stateDir, "--metrics-port", "0", "--log-level", "Warning", "--offsets-outside-transaction", "true",
            // The assertions are about which model answers; a slow list on a loaded CI machine must not turn into a latency fallback.
            "--Scoring:LatencyBudgetMs", "10000",
        ];

        using (var first = CliProcess.Start(arguments))
        {
            await UntilAnsweredAsync(first, input, Enumerable.Range(0, Batch), Batch, "the first scorer answering the first batch");

            // A new version, then one that verifies but is no model: the scorer must swap to v2 and keep it.
            input.PublishModel("v2");
            input.PublishModel("v3-unservable", servable: false);
            input.ProduceRequests(Batch, Batch);
            await UntilAnsweredAsync(first, input, Enumerable.Range(Batch, Batch), Batch / 3, "the first scorer answering part of the second batch");
            first.KillHard();
        }

        input.ProduceRequests(2 * Batch, Batch);
        using var second = CliProcess.Start(arguments);
        await UntilAnsweredAsync(second, input, Enumerable.Range(0, 3 * Batch), 3 * Batch, "every request answered after the restart");

        var answers = input.Answers();
        var duplicates = answers.Values.Sum(a => a.Count - 1);
        output.WriteLine("requests: " + (3 * Batch) + ", answered: " + answers.Count + ", duplicate answers: " + duplicates);
        foreach (var group in answers.Values.SelectMany(a => a).GroupBy(r => r.ModelVersion + "/" + r.Strategy))
        {
            output.WriteLine("  " + group.Key + ": " + group.Count());
        }

        Assert.All(Enumerable.Range(0, 3 * Batch), i => Assert.True(answers.ContainsKey(ScorerInput.RequestId(i)), "request " + i + " lost"));
        Assert.All(answers.Values.SelectMany(a => a), r =>
        {
            Assert.Null(r.FallbackReason);
            Assert.Equal(StreamReco.Scoring.StrategyNames.Personalised, r.Strategy);
            Assert.Contains(r.ModelVersion, new[] { "v1", "v2" });
        });
        Assert.All(Enumerable.Range(0, Batch), i => Assert.Equal("v1", answers[ScorerInput.RequestId(i)][0].ModelVersion));
        // Requests produced after the kill were only ever seen by the restarted scorer.
        Assert.All(Enumerable.Range(2 * Batch, Batch), i => Assert.All(answers[ScorerInput.RequestId(i)], r => Assert.Equal("v2", r.ModelVersion)));
    }

    private async Task UntilAnsweredAsync(CliProcess scorer, ScorerInput input, IEnumerable<int> requests, int atLeast, string what)
    {
        var ids = requests.Select(ScorerInput.RequestId).ToList();
        await WithChildOutputAsync(scorer, Eventually.UntilAsync(
            () =>
            {
                Assert.False(scorer.HasExited, "scorer exited:\n" + scorer.Tail);
                var answers = input.Answers();
                return ids.Count(answers.ContainsKey) >= atLeast;
            },
            what,
            TimeSpan.FromSeconds(60)));
    }

    private static void AssertHoldsExactly(HashSet<string> expectedIds, TrainingSetContent content)
    {
        Assert.Equal(expectedIds.Count, content.Rows);
        Assert.Empty(expectedIds.Except(content.ExposureIds));
        Assert.Empty(content.ExposureIds.Except(expectedIds));
    }

    /// <summary>Runs a trainer until its store's checkpoint covers every produced snapshot, kills it and reads the store from disk.</summary>
    private async Task<TrainingSetContent> RunTrainerUntilStoredAsync(string[] arguments, string stateDir, int snapshots)
    {
        var dataDir = Path.Combine(stateDir, "trainer");
        var started = System.Diagnostics.Stopwatch.StartNew();
        using (var trainer = CliProcess.Start(arguments))
        {
            await WithChildOutputAsync(trainer, Eventually.UntilAsync(
                () =>
                {
                    Assert.False(trainer.HasExited, "restarted trainer exited:\n" + trainer.Tail);
                    return TrainingSetStore.ReadSourceOffsets(dataDir).Values.Sum() >= snapshots;
                },
                "the trainer's training set reaching the end of training.snapshots",
                TimeSpan.FromSeconds(60)));
            trainer.KillHard();
        }

        output.WriteLine("trainer caught up in " + started.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s");

        using var store = TrainingSetStore.Open(new TrainingSetOptions { DataDirectory = dataDir });
        var rows = store.Snapshot();
        return new TrainingSetContent(rows.Count, rows.Select(r => r.ExposureId).ToHashSet(StringComparer.Ordinal), store.Recovery);
    }

    private long TrainerCommitted()
    {
        using var consumer = TestKafka.Consumer(_broker.BootstrapServers, "streamreco-trainer");
        var partitions = Enumerable.Range(0, Partitions).Select(p => new Confluent.Kafka.TopicPartition(TopicNames.TrainingSnapshots, p));
        return consumer.Committed(partitions, TimeSpan.FromSeconds(10)).Sum(tpo => Math.Max(0, tpo.Offset.Value));
    }

    private async Task<OutputAudit> AuditUntilCompleteAsync(CliProcess service, ClickSet input)
    {
        var audit = OutputAudit.Read(_broker.BootstrapServers, input, Total);
        await WithChildOutputAsync(service, Eventually.UntilAsync(
            () =>
            {
                Assert.False(service.HasExited, "restarted features service exited:\n" + service.Tail);
                audit = OutputAudit.Read(_broker.BootstrapServers, input, Total);
                return audit.Missing == 0;
            },
            "every click in features.user after the restart",
            TimeSpan.FromSeconds(60)));
        return audit;
    }

    private static async Task WithChildOutputAsync(CliProcess child, Task wait)
    {
        try
        {
            await wait;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\nchild process output:\n" + child.Tail, e);
        }
    }
}
