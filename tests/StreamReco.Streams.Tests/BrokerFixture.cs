using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamReco.Kafka;
using StreamReco.Testing;

namespace StreamReco.Streams.Tests;

/// <summary>One embedded broker plus helpers for a broker test; each test gets its own application id and state directory.</summary>
public sealed class BrokerFixture : IDisposable
{
    public const int Partitions = 4;
    public const int Users = 20;

    private readonly List<StreamsApp> _apps = [];

    private readonly ILoggerFactory? _loggerFactory;

    public BrokerFixture(string applicationId, ILoggerFactory? loggerFactory = null)
    {
        _loggerFactory = loggerFactory;
        ApplicationId = applicationId;
        Broker = EmbeddedBroker.Start();
        StateRoot = Path.Combine(Path.GetTempPath(), "streamreco-tests", Guid.NewGuid().ToString("N"));
    }

    public EmbeddedBroker Broker { get; }

    public string ApplicationId { get; }

    public string StateRoot { get; }

    /// <summary>Creates the topology's source, sink, dead-letter and internal topics (the mock cannot create them on demand).</summary>
    public void CreateTopics(Topology topology, params string[] extraTopics)
    {
        foreach (var topic in topology.SourceTopics(ApplicationId)
                     .Concat(topology.InternalTopics(ApplicationId))
                     .Concat(extraTopics))
        {
            Broker.CreateTopic(topic, Partitions);
        }
    }

    public StreamsApp StartApp(
        Topology topology, string instanceId, ProcessingGuarantee guarantee, TimeSpan? commitInterval = null, int streamThreads = 1, long maxRepartitionLag = 2_000,
        long maxRepartitionLagBytes = 2L * 1024 * 1024, TimeSpan? repartitionPurgeInterval = null, IRecordDeleter? recordDeleter = null,
        string? consumerDebug = null)
    {
        var app = CreateApp(
            topology, instanceId, guarantee, commitInterval, streamThreads, maxRepartitionLag, maxRepartitionLagBytes, repartitionPurgeInterval, recordDeleter,
            consumerDebug);
        app.Start();
        return app;
    }

    /// <summary>An app configured for the embedded broker, not started yet.</summary>
    /// <param name="repartitionPurgeInterval">Null: the runtime's default.</param>
    /// <param name="recordDeleter">Null: the embedded broker, as the CLI configures it.</param>
    /// <param name="consumerDebug">librdkafka debug contexts for the consumers (e.g. "cgrp"), logged at debug level into the test output.</param>
    public StreamsApp CreateApp(
        Topology topology, string instanceId, ProcessingGuarantee guarantee, TimeSpan? commitInterval = null, int streamThreads = 1, long maxRepartitionLag = 2_000,
        long maxRepartitionLagBytes = 2L * 1024 * 1024, TimeSpan? repartitionPurgeInterval = null, IRecordDeleter? recordDeleter = null,
        string? consumerDebug = null)
    {
        var consumerConfig = new Dictionary<string, string> { ["heartbeat.interval.ms"] = "300" };
        if (consumerDebug is not null)
        {
            consumerConfig["debug"] = consumerDebug;
        }

        var app = new StreamsApp(topology, new StreamsConfig
        {
            ApplicationId = ApplicationId,
            BootstrapServers = Broker.BootstrapServers,
            ProcessingGuarantee = guarantee,
            InstanceId = instanceId,
            StateDir = Path.Combine(StateRoot, instanceId),
            CommitInterval = commitInterval,
            StreamThreads = streamThreads,
            MaxRepartitionLag = maxRepartitionLag,
            MaxRepartitionLagBytes = maxRepartitionLagBytes,
            RepartitionPurgeInterval = repartitionPurgeInterval ?? StreamsConfig.DefaultRepartitionPurgeInterval,
            RecordDeleter = recordDeleter ?? Broker,

            // The mock delays a joining member by session timeout - 1 s (the first join by 3 s, which must fit in the session).
            SessionTimeout = TimeSpan.FromSeconds(4),
            ConsumerConfig = consumerConfig,

            // The mock discards TxnOffsetCommit; see the option's documentation.
            CommitOffsetsOutsideTransaction = true,
            RestoreTimeout = TimeSpan.FromSeconds(20),
        },
        _loggerFactory);
        _apps.Add(app);
        return app;
    }

    /// <summary>Low and high watermarks of every partition of <paramref name="topic"/>, asked of the broker.</summary>
    public IReadOnlyList<WatermarkOffsets> Watermarks(string topic)
    {
        using var consumer = TestKafka.Consumer(Broker.BootstrapServers);
        return [.. Enumerable.Range(0, Partitions).Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)))];
    }

    /// <summary>Offsets the app's group has committed on every partition of <paramref name="topic"/> (-1001 when none).</summary>
    public IReadOnlyList<long> CommittedOffsets(string topic)
    {
        using var consumer = TestKafka.Consumer(Broker.BootstrapServers, ApplicationId);
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(topic, p)).ToList();
        return [.. consumer.Committed(partitions, TimeSpan.FromSeconds(10)).OrderBy(o => o.Partition.Value).Select(o => o.Offset.Value)];
    }

    /// <summary>Produces clicks keyed by user; event i goes to user i % users with timestamp base + i.</summary>
    public void ProduceClicks(int from, int count, int users)
    {
        using var producer = TestKafka.Producer(Broker.BootstrapServers);
        for (var i = from; i < from + count; i++)
        {
            var user = "u" + (i % users);
            var click = new ClickTestEvent(user, "i" + (i % 7), 1_700_000_000_000 + i);
            producer.Produce(TestTopologies.Clicks, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(user),
                Value = ClickTestEventSerde.Instance.Serialize(click),
                Timestamp = new Timestamp(click.TimestampMs, TimestampType.CreateTime),
            });
        }

        producer.Flush(TimeSpan.FromSeconds(10));
    }

    /// <summary>Committed records of a topic decoded as string key and Int64 value.</summary>
    public List<(string Key, long Value, int Partition, long Offset)> ReadCounts(string topic) =>
        [.. TestKafka.ReadAll(Broker.BootstrapServers, topic)
            .Select(r => (Encoding.UTF8.GetString(r.Message.Key), Serdes.Int64.Deserialize(r.Message.Value), r.Partition.Value, r.Offset.Value))];

    public static long TotalCount(StreamsApp app, string store)
    {
        try
        {
            return app.Store<string, long>(store).All().Sum(e => e.Value);
        }
        catch (InvalidStateStoreException)
        {
            return -1;
        }
    }

    public void Dispose()
    {
        foreach (var app in _apps)
        {
            app.Dispose();
        }

        Broker.Dispose();
        if (Directory.Exists(StateRoot))
        {
            Directory.Delete(StateRoot, recursive: true);
        }
    }

    /// <summary>Every user's outputs are exactly 1, 2, ..., n in offset order: no duplicate, no gap.</summary>
    public static void AssertEachUserCountedOnceInOrder(List<(string Key, long Value, int Partition, long Offset)> outputs, int expectedPerUser)
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
