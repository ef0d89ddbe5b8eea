using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace StreamReco.Cli.Configuration;

/// <summary>Settings every service shares. Keys are documented in README.md ("Configuration").</summary>
public sealed record PipelineSettings(
    string? Bootstrap,
    int Partitions,
    bool ExactlyOnce,
    string ApplicationId,
    string MetricsHost,
    int MetricsPort,
    string StateDirectory,
    LogLevel LogLevel,
    int TrainerMinNewRows,
    TimeSpan TrainerSchedule)
{
    /// <summary>
    /// Exactly-once offsets also committed outside the transaction (see StreamsConfig.CommitOffsetsOutsideTransaction).
    /// Null: on for the in-process embedded broker only. Set it to true for a librdkafka mock cluster reached by --bootstrap.
    /// </summary>
    public bool? CommitOffsetsOutsideTransaction { get; init; }

    /// <summary>
    /// Scoring:ProcessingGuarantee, the scorer's own (default at-least-once, unlike the other stream apps). A list is keyed
    /// by user and replaces the previous one, so a duplicate after a crash is harmless; under exactly-once a read_committed
    /// consumer on a real broker sees each list only when its transaction commits, up to a commit interval (100 ms) later,
    /// which alone exceeds the 50 ms latency target.
    /// </summary>
    public bool ScoringExactlyOnce { get; init; }

    /// <summary>Scorer latency budget per list (see ScoringOptions.LatencyBudget); null keeps the scorer's default.</summary>
    public TimeSpan? ScoringLatencyBudget { get; init; }

    /// <summary>Trainer consumer session timeout (how soon a restarted trainer takes over from a crashed one).</summary>
    public TimeSpan TrainerSessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stream threads per stream app (features, drift, scorer); see StreamsConfig.StreamThreads.</summary>
    public int StreamThreads { get; init; } = 1;

    /// <summary>Candidates the scorer scores per list (ScoringOptions.MaxCandidates); scoring cost grows linearly with it.</summary>
    public int ScoringMaxCandidates { get; init; } = 200;

    /// <summary>
    /// Features:EmitEveryUpdate: one features record per folded click instead of one per key per commit (FeatureTopologyOptions.EmitEveryUpdate).
    /// </summary>
    public bool FeaturesEmitEveryUpdate { get; init; }

    /// <summary>Scoring:ProducerLingerMs: linger.ms of the scorer's producer (recommendations).</summary>
    public int ScoringProducerLingerMs { get; init; } = 5;

    /// <summary>Kafka:MaxRepartitionLag: see StreamsConfig.MaxRepartitionLag (0 disables the flow control).</summary>
    public long MaxRepartitionLag { get; init; } = 2_000;

    /// <summary>Kafka:MaxRepartitionLagBytes: see StreamsConfig.MaxRepartitionLagBytes (0 disables this limit).</summary>
    public long MaxRepartitionLagBytes { get; init; } = 2L * 1024 * 1024;

    /// <summary>
    /// Kafka:RepartitionPurgeSeconds: see StreamsConfig.RepartitionPurgeInterval (0 disables purging); null: 1 s on the embedded
    /// broker, whose fetches walk every batch a partition keeps, else Kafka Streams' 30 s.
    /// </summary>
    public TimeSpan? RepartitionPurgeInterval { get; init; }

    public static PipelineSettings Read(IConfiguration configuration, SettingsReader reader, string defaultApplicationId)
    {
        var exactlyOnce = ReadGuarantee(reader, "Kafka:ProcessingGuarantee", "exactly_once");
        var scoringExactlyOnce = ReadGuarantee(reader, "Scoring:ProcessingGuarantee", "at_least_once");

        var outsideTransaction = reader.String("Kafka:CommitOffsetsOutsideTransaction");
        bool? commitOutside = null;
        if (outsideTransaction is not null)
        {
            if (bool.TryParse(outsideTransaction, out var parsed))
            {
                commitOutside = parsed;
            }
            else
            {
                reader.Problem("Kafka:CommitOffsetsOutsideTransaction = '" + outsideTransaction + "': expected true or false.");
            }
        }

        var emitEveryUpdate = reader.String("Features:EmitEveryUpdate");
        var featuresEmitEveryUpdate = false;
        if (emitEveryUpdate is not null && !bool.TryParse(emitEveryUpdate, out featuresEmitEveryUpdate))
        {
            reader.Problem("Features:EmitEveryUpdate = '" + emitEveryUpdate + "': expected true or false.");
        }

        var streamThreads = reader.Int("Kafka:StreamThreads", 1, 1, 64);
        if (streamThreads > 1 && (exactlyOnce || scoringExactlyOnce))
        {
            reader.Problem("Kafka:StreamThreads = " + streamThreads
                + ": more than one stream thread is supported with Kafka:ProcessingGuarantee and Scoring:ProcessingGuarantee = at_least_once only for now (README, Configuration).");
        }

        return new PipelineSettings(
            reader.Bootstrap("Kafka:Bootstrap"),
            reader.Int("Kafka:Partitions", Kafka.PipelineTopics.DefaultPartitions, 1, 256),
            exactlyOnce,
            reader.String("Kafka:ApplicationId", defaultApplicationId)!,
            reader.String("Metrics:Host", "127.0.0.1")!,
            reader.Int("Metrics:Port", 9464, 0, 65535),
            reader.String("State:Directory", Path.Combine(Path.GetTempPath(), "streamreco-state"))!,
            reader.Enum("Logging:Level", LogLevel.Information),
            reader.Int("Trainer:MinNewRows", 10_000, 1, int.MaxValue),
            TimeSpan.FromMinutes(reader.Double("Trainer:ScheduleMinutes", 60, 0.1, 7 * 24 * 60)))
        {
            CommitOffsetsOutsideTransaction = commitOutside,
            ScoringExactlyOnce = scoringExactlyOnce,
            ScoringLatencyBudget = reader.String("Scoring:LatencyBudgetMs") is null
                ? null
                : TimeSpan.FromMilliseconds(reader.Double("Scoring:LatencyBudgetMs", 20, 1, 60_000)),
            TrainerSessionTimeout = TimeSpan.FromSeconds(reader.Double("Trainer:SessionTimeoutSeconds", 10, 1, 300)),
            StreamThreads = streamThreads,
            ScoringMaxCandidates = reader.Int("Scoring:MaxCandidates", 200, 1, 10_000),
            FeaturesEmitEveryUpdate = featuresEmitEveryUpdate,
            ScoringProducerLingerMs = reader.Int("Scoring:ProducerLingerMs", 5, 0, 1_000),
            MaxRepartitionLag = reader.Int("Kafka:MaxRepartitionLag", 2_000, 0, int.MaxValue),
            MaxRepartitionLagBytes = reader.Long("Kafka:MaxRepartitionLagBytes", 2L * 1024 * 1024, 0, long.MaxValue),
            RepartitionPurgeInterval = reader.String("Kafka:RepartitionPurgeSeconds") is null
                ? null
                : TimeSpan.FromSeconds(reader.Double("Kafka:RepartitionPurgeSeconds", 30, 0, 24 * 60 * 60)),
        };
    }

    /// <summary>True for exactly_once; a value other than exactly_once or at_least_once is reported as a problem.</summary>
    private static bool ReadGuarantee(SettingsReader reader, string key, string fallback)
    {
        var guarantee = reader.String(key, fallback)!.ToLowerInvariant();
        if (guarantee is not ("exactly_once" or "at_least_once"))
        {
            reader.Problem(key + " = '" + guarantee + "': expected exactly_once or at_least_once.");
        }

        return guarantee != "at_least_once";
    }
}
