using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using StreamReco.Kafka.Native;

namespace StreamReco.Kafka;

/// <summary>
/// An in-process Kafka cluster: librdkafka's mock cluster, from the native library Confluent.Kafka ships.
/// It speaks the Kafka protocol on loopback, so any client (Confluent.Kafka, kcat) can use <see cref="BootstrapServers"/>.
/// </summary>
/// <remarks>
/// Limits of the mock that callers must respect: topics are created through this class (the mock has no
/// CreateTopics API), everything is in memory and gone on <see cref="Dispose"/>, topic configs such as
/// compaction are not applied, and each partition keeps only its newest ~5 MiB / 100k batches, so a consumer
/// must not fall further behind than that. Fetch cost grows with the batches kept: the mock finds an offset by walking
/// the partition's batches from the oldest.
/// </remarks>
public sealed class EmbeddedBroker : ITopicAdmin, IRecordDeleter, IDisposable
{
    private const int ErrorTopicAlreadyExists = 36;
    private const int ErrorStringSize = 512;

    private readonly object _gate = new();
    private readonly Dictionary<TopicPartition, long> _deletedBefore = [];
    private IntPtr _handle;
    private IntPtr _cluster;

    private EmbeddedBroker(IntPtr handle, IntPtr cluster, int brokerCount)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(MockClusterNative.ClusterBootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster returned no bootstrap servers.");
    }

    /// <summary>Comma-separated host:port list of the mock brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; broker ids are 1..BrokerCount.</summary>
    public int BrokerCount { get; }

    /// <summary>
    /// Consumer settings for clients of the mock cluster. Its Fetch handler does not end a long poll when data arrives: an
    /// empty fetch is always answered after the full fetch.wait.max.ms (librdkafka's default 500 ms), which would put up
    /// to half a second on every hop of the pipeline. A real broker answers as soon as data arrives, so this is mock-only.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ConsumerTuning { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["fetch.wait.max.ms"] = "5",
    };

    /// <summary>
    /// How often stream apps on the mock cluster delete their committed repartition records: every second rather than Kafka
    /// Streams' 30, because the mock's fetches walk every batch a partition keeps.
    /// </summary>
    public static TimeSpan RepartitionPurgeInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Starts a mock cluster with <paramref name="brokerCount"/> brokers listening on loopback.</summary>
    public static EmbeddedBroker Start(int brokerCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        LibRdKafkaLocator.EnsureLoaded();
        var conf = MockClusterNative.ConfNew();
        var error = new byte[ErrorStringSize];
        // The mock logs through this handle; keep it to warnings and worse.
        _ = MockClusterNative.ConfSet(conf, "log_level", "4", error, ErrorStringSize);
        var handle = MockClusterNative.KafkaNew(MockClusterNative.ProducerType, conf, error, ErrorStringSize);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("Could not create the librdkafka handle for the mock cluster: " + ReadError(error));
        }

        var cluster = MockClusterNative.ClusterNew(handle, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            MockClusterNative.KafkaDestroy(handle);
            throw new InvalidOperationException("librdkafka could not start a mock cluster.");
        }

        return new EmbeddedBroker(handle, cluster, brokerCount);
    }

    /// <summary>Creates a topic; an existing topic of that name is left as it is.</summary>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var error = MockClusterNative.TopicCreate(Cluster(), name, partitions, Math.Min(replicationFactor, BrokerCount));
        if (error != 0 && error != ErrorTopicAlreadyExists)
        {
            throw new InvalidOperationException("Could not create topic " + name + ": " + ErrorText(error));
        }
    }

    /// <summary>Creates the pipeline's external topics (<see cref="PipelineTopics"/>).</summary>
    public void CreatePipelineTopics(int partitions = PipelineTopics.DefaultPartitions)
    {
        foreach (var topic in PipelineTopics.All(partitions))
        {
            CreateTopic(topic.Name, topic.Partitions, topic.ReplicationFactor);
        }
    }

    public Task EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        foreach (var topic in topics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CreateTopic(topic.Name, topic.Partitions, topic.ReplicationFactor);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Deletes the records before each offset, as DeleteRecords does on a real broker (the mock has no DeleteRecords API, so this
    /// goes through the mock's own call). Freed batches also shorten the mock's fetch walk. An offset at or below one that
    /// this broker already deleted up to is a no-op (the mock would move the start back); one past its end fails.
    /// </summary>
    public Task DeleteRecordsBeforeAsync(IReadOnlyList<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        foreach (var offset in offsets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = offset.Offset.Value;
            ArgumentOutOfRangeException.ThrowIfNegative(before, nameof(offsets));
            lock (_gate)
            {
                if (_deletedBefore.TryGetValue(offset.TopicPartition, out var deleted) && before <= deleted)
                {
                    continue;
                }

                Check(
                    MockClusterNative.PartitionDeleteRecords(Cluster(), offset.Topic, offset.Partition.Value, before),
                    "delete records of " + offset.Topic + "[" + offset.Partition.Value + "] before offset " + before);
                _deletedBefore[offset.TopicPartition] = before;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The next requests of type <paramref name="api"/> (any broker) fail with these errors, one each, in order.</summary>
    public void PushRequestErrors(KafkaApi api, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var codes = errors.Select(e => (int)e).ToArray();
        MockClusterNative.PushRequestErrorsArray(Cluster(), (short)api, (nuint)codes.Length, codes);
    }

    /// <summary>Drops errors pushed for <paramref name="api"/> that have not fired yet.</summary>
    public void ClearRequestErrors(KafkaApi api) => MockClusterNative.ClearRequestErrors(Cluster(), (short)api);

    /// <summary>Takes a broker down: its connections are closed and new ones refused until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(MockClusterNative.BrokerSetDown(Cluster(), brokerId), "set broker down");

    public void SetBrokerUp(int brokerId) => Check(MockClusterNative.BrokerSetUp(Cluster(), brokerId), "set broker up");

    /// <summary>Adds round-trip latency to every response of a broker.</summary>
    public void SetBrokerRoundTrip(int brokerId, TimeSpan roundTrip) =>
        Check(MockClusterNative.BrokerSetRtt(Cluster(), brokerId, (int)roundTrip.TotalMilliseconds), "set broker rtt");

    /// <summary>Moves the group ("group") or transaction ("transaction") coordinator for <paramref name="key"/> to a broker.</summary>
    public void SetCoordinator(string keyType, string key, int brokerId) =>
        Check(MockClusterNative.CoordinatorSet(Cluster(), keyType, key, brokerId), "set coordinator");

    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(MockClusterNative.PartitionSetLeader(Cluster(), topic, partition, brokerId), "set partition leader");

    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero)
            {
                MockClusterNative.ClusterDestroy(_cluster);
                _cluster = IntPtr.Zero;
            }

            if (_handle != IntPtr.Zero)
            {
                MockClusterNative.KafkaDestroy(_handle);
                _handle = IntPtr.Zero;
            }
        }
    }

    private static string ReadError(byte[] error)
    {
        var length = Array.IndexOf(error, (byte)0);
        return Encoding.UTF8.GetString(error, 0, length < 0 ? error.Length : length);
    }

    private static string ErrorText(int error) =>
        Marshal.PtrToStringUTF8(MockClusterNative.ErrorToString(error)) ?? ("error " + error);

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException("Mock cluster could not " + what + ": " + ErrorText(error));
        }
    }

    private IntPtr Cluster()
    {
        var cluster = _cluster;
        ObjectDisposedException.ThrowIf(cluster == IntPtr.Zero, this);
        return cluster;
    }
}
