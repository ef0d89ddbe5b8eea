using Microsoft.Extensions.Logging;
using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Streams;
using StreamReco.Testing;

namespace StreamReco.Reliability.Tests;

/// <summary>
/// A three-broker embedded cluster with fixed placement, so a fault can target one role: broker 1 leads events.clicks,
/// broker 2 leads every topic the application writes (features, changelogs, repartition, dead letters), broker 3
/// coordinates the application's consumer group and transactions. Runs the feature topology in-process.
/// </summary>
public sealed class FeaturePipelineHarness : IDisposable
{
    public const int Partitions = 4;
    public const int InputLeader = 1;
    public const int OutputLeader = 2;
    public const int Coordinator = 3;
    public const string InstanceId = "reliability";

    private readonly List<StreamsApp> _apps = [];
    private readonly ILoggerFactory _loggers;

    public FeaturePipelineHarness(string applicationId)
    {
        ApplicationId = applicationId;
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(Warnings));
        Broker = EmbeddedBroker.Start(brokerCount: 3);
        StateRoot = Path.Combine(Path.GetTempPath(), "streamreco-reliability", Guid.NewGuid().ToString("N"));
        var topology = FeatureTopology.Build(Options);
        var outputs = topology.InternalTopics(applicationId)
            .Concat([TopicNames.ClicksDeadLetter, TopicNames.UserFeatures, TopicNames.ItemFeatures, TopicNames.LateEvents])
            .ToList();
        Broker.CreateTopic(TopicNames.Clicks, Partitions, replicationFactor: 3);
        foreach (var topic in outputs)
        {
            Broker.CreateTopic(topic, Partitions, replicationFactor: 3);
        }

        for (var p = 0; p < Partitions; p++)
        {
            Broker.SetPartitionLeader(TopicNames.Clicks, p, InputLeader);
            foreach (var topic in outputs)
            {
                Broker.SetPartitionLeader(topic, p, OutputLeader);
            }
        }

        Broker.SetCoordinator("group", applicationId, Coordinator);
        Broker.SetCoordinator("transaction", TransactionalId, Coordinator);
    }

    public EmbeddedBroker Broker { get; }

    /// <summary>Warnings and errors the application logged (client errors, aborted transactions).</summary>
    public WarningLog Warnings { get; } = new();

    public string ApplicationId { get; }

    public string StateRoot { get; }

    public string TransactionalId => ApplicationId + "-" + InstanceId;

    // Every update emitted: the audit finds each click by its own features.user record (user, as_of = event time). Emission
    // per commit (the default) coalesces those; its end totals are checked by the Streams and Features broker tests.
    public FeatureTopologyOptions Options { get; } = new() { PersistentStores = true, EmitEveryUpdate = true };

    public StreamsApp StartApp(ProcessingGuarantee guarantee)
    {
        var app = new StreamsApp(FeatureTopology.Build(Options), new StreamsConfig
        {
            ApplicationId = ApplicationId,
            BootstrapServers = Broker.BootstrapServers,
            ProcessingGuarantee = guarantee,
            InstanceId = InstanceId,
            StateDir = Path.Combine(StateRoot, InstanceId),
            CommitInterval = TimeSpan.FromMilliseconds(100),
            // The mock delays a joining member by session timeout - 1 s (the first join by 3 s, which must fit in the session).
            SessionTimeout = TimeSpan.FromSeconds(4),
            ConsumerConfig = new Dictionary<string, string> { ["heartbeat.interval.ms"] = "300" },
            // The mock discards TxnOffsetCommit (see the option): offsets also go out in a plain commit after each transaction.
            CommitOffsetsOutsideTransaction = true,
            RestoreTimeout = TimeSpan.FromSeconds(20),

            // Purged as `run` purges on the embedded broker, so the faults below also hit the purge.
            RepartitionPurgeInterval = EmbeddedBroker.RepartitionPurgeInterval,
            RecordDeleter = Broker,
        },
        _loggers);
        _apps.Add(app);
        app.Start();
        return app;
    }

    /// <summary>True once every user's aggregate in the app's store holds the expected number of clicks (uncommitted state).</summary>
    public bool StoreReached(StreamsApp app, IReadOnlyDictionary<string, long> expectedTotals)
    {
        try
        {
            var lookup = StoreFeatureLookup.ForApp(app, Options);
            return expectedTotals.All(kv => lookup.GetUser(kv.Key)?.Counts7d.Total >= kv.Value);
        }
        catch (InvalidStateStoreException)
        {
            return false;
        }
    }

    public async Task UntilStoreReachedAsync(StreamsApp app, IReadOnlyDictionary<string, long> expectedTotals, string what)
    {
        await Eventually.UntilAsync(() => app.State == StreamsState.Error || StoreReached(app, expectedTotals), what);
        Assert.NotEqual(StreamsState.Error, app.State);
    }

    /// <summary>Polls the committed output until no input is missing or the deadline passes, then returns the last audit.</summary>
    public async Task<OutputAudit> AuditUntilCompleteAsync(ClickSet input, int count, TimeSpan timeout)
    {
        var audit = OutputAudit.Read(Broker.BootstrapServers, input, count);
        try
        {
            await Eventually.UntilAsync(
                () =>
                {
                    audit = OutputAudit.Read(Broker.BootstrapServers, input, count);
                    return audit.Missing == 0;
                },
                "every input click in features.user (read_committed)",
                timeout);
        }
        catch (TimeoutException)
        {
            // The caller asserts on the audit, which says what is missing.
        }

        return audit;
    }

    public void Dispose()
    {
        foreach (var app in _apps)
        {
            app.Dispose();
        }

        _loggers.Dispose();
        Broker.Dispose();
        if (Directory.Exists(StateRoot))
        {
            Directory.Delete(StateRoot, recursive: true);
        }
    }
}
