using StreamReco.Kafka;

namespace StreamReco.Streams;

/// <summary>Settings of a <see cref="StreamsApp"/>.</summary>
public sealed class StreamsConfig
{
    /// <summary>Kafka Streams' repartition.purge.interval.ms default: 30 s.</summary>
    public static readonly TimeSpan DefaultRepartitionPurgeInterval = TimeSpan.FromSeconds(30);

    /// <summary>Consumer group id, transactional-id prefix and prefix of internal topics.</summary>
    public required string ApplicationId { get; init; }

    public required string BootstrapServers { get; init; }

    public ProcessingGuarantee ProcessingGuarantee { get; init; } = ProcessingGuarantee.AtLeastOnce;

    /// <summary>Null: 100 ms under exactly-once, 1 s under at-least-once (Kafka Streams' defaults).</summary>
    public TimeSpan? CommitInterval { get; init; }

    /// <summary>Persistent stores live in <c>&lt;StateDir&gt;/&lt;ApplicationId&gt;/&lt;taskId&gt;/&lt;store&gt;</c>.</summary>
    public string StateDir { get; init; } = Path.Combine(Path.GetTempPath(), "streamreco-state");

    /// <summary>
    /// Stable identity of this instance: the transactional id is <c>&lt;ApplicationId&gt;-&lt;InstanceId&gt;</c>, so a restarted
    /// instance with the same id fences its crashed predecessor and aborts its open transaction at once. Default: machine name.
    /// </summary>
    public string InstanceId { get; init; } = Environment.MachineName;

    /// <summary>Transaction timeout (exactly-once). A crashed instance's open transaction blocks read_committed readers at most this long.</summary>
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound for restoring one task's stores; exceeding it is fatal.</summary>
    public TimeSpan RestoreTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Extra librdkafka settings for the main consumer (override defaults).</summary>
    public IReadOnlyDictionary<string, string> ConsumerConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra librdkafka settings for the producer.</summary>
    public IReadOnlyDictionary<string, string> ProducerConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Exactly-once only: after each transaction commits, also commit the same offsets with a plain OffsetCommit. Needed on the
    /// librdkafka mock cluster (EmbeddedBroker), which accepts TxnOffsetCommit but does not store the offsets, so without this
    /// every restart would reprocess from the beginning. On a real broker leave it off: it is redundant there, and it is not
    /// atomic with the transaction (a crash between the two commits replays one transaction's input).
    /// </summary>
    public bool CommitOffsetsOutsideTransaction { get; init; }

    /// <summary>
    /// Stream threads of this instance (Kafka Streams' num.stream.threads). Each has its own consumer in the group and its own
    /// producer, so the group spreads tasks over threads like over instances. Default 1.
    /// </summary>
    public int StreamThreads { get; init; } = 1;

    /// <summary>
    /// Records a repartition partition read by a stream thread may lag behind its end before that thread pauses its other
    /// source partitions (whose processing writes to the repartition topics), until the lag is back to half. Without it a
    /// backlog on the input is re-keyed far faster than the re-keyed side reads it back (fetches are sized in bytes and
    /// re-keyed records are larger), and the embedded broker keeps only about 5 MiB per partition, so the reader would lose
    /// records; on a real broker it bounds internal-topic growth and latency during catch-up. 0 disables this limit.
    /// Default 2 000. See also <see cref="MaxRepartitionLagBytes"/>; either limit pauses.
    /// </summary>
    public long MaxRepartitionLag { get; init; } = 2_000;

    /// <summary>
    /// The same limit in bytes (record lag times the mean size of the records this instance sent to the topic), so large
    /// re-keyed records cannot outgrow the embedded broker's ~5 MiB per partition within the record limit. 0 disables this
    /// limit. Default 2 MiB.
    /// </summary>
    public long MaxRepartitionLagBytes { get; init; } = 2L * 1024 * 1024;

    /// <summary>
    /// How often a stream thread deletes the repartition records its group has committed (Kafka Streams'
    /// repartition.purge.interval.ms, KIP-204), so internal topics hold only what is still unread instead of the broker's whole
    /// retention. <see cref="TimeSpan.Zero"/> disables purging. Default <see cref="DefaultRepartitionPurgeInterval"/>.
    /// </summary>
    public TimeSpan RepartitionPurgeInterval { get; init; } = DefaultRepartitionPurgeInterval;

    /// <summary>
    /// What deletes purged repartition records; null: an admin client on <see cref="BootstrapServers"/>. The embedded broker
    /// (which has no DeleteRecords API) is its own deleter.
    /// </summary>
    public IRecordDeleter? RecordDeleter { get; init; }

    public TimeSpan EffectiveCommitInterval =>
        CommitInterval ?? (ProcessingGuarantee == ProcessingGuarantee.ExactlyOnce ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1));
}
