using System.Globalization;
using Microsoft.Extensions.Logging;
using StreamReco.Cli.Commands;
using StreamReco.Cli.Configuration;
using StreamReco.Drift.Processing;
using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Observability;
using StreamReco.Scoring;
using StreamReco.Streams;
using StreamReco.Trainer.Service;
using StreamReco.Trainer.Storage;

namespace StreamReco.Cli.Hosting;

/// <summary>Builds each pipeline service from the shared settings, so `run` and the per-service commands agree.</summary>
public sealed class ServiceFactory(PipelineSettings settings, ClusterConnection cluster, HealthState health, ILoggerFactory loggers, TimeProvider time)
{
    public const string FeaturesApplicationId = "streamreco-features";

    public const string ScorerApplicationId = "streamreco-scorer";

    public const string DriftApplicationId = "streamreco-drift";

    public StreamsAppService Features()
    {
        var topology = FeatureTopology.Build(new FeatureTopologyOptions { TimeProvider = time, EmitEveryUpdate = settings.FeaturesEmitEveryUpdate });
        return new StreamsAppService("features", topology, StreamsConfig(FeaturesApplicationId, settings.ExactlyOnce), cluster.Topics, settings.Partitions, health, loggers, time);
    }

    /// <summary>
    /// KS drift over features.user and features.item against the model version in service, which a global reader of
    /// models.versions (every partition, from the beginning) keeps current for all drift tasks of the process.
    /// </summary>
    public StreamsAppService Drift(DriftProcessorOptions? options = null)
    {
        var references = new DriftReferenceHolder();
        var feed = new DriftReferenceFeed(references, loggers.CreateLogger("streamreco.drift.references"));
        var topology = DriftTopology.Build(
            options ?? new DriftProcessorOptions(), new DriftPrometheusMetrics(), references, log: loggers.CreateLogger("streamreco.drift"));
        return new StreamsAppService(
            "drift", topology, StreamsConfig(DriftApplicationId, settings.ExactlyOnce), cluster.Topics, settings.Partitions, health, loggers, time,
            [() => feed.CreateReader(cluster.BootstrapServers, cluster.ConsumerConfig)]);
    }

    /// <summary>
    /// The scorer's producer lingers Scoring:ProducerLingerMs (default librdkafka's 5). 1 ms sends most recommendations as
    /// one-record batches; on the embedded broker every downstream fetch walks a partition's batches from the oldest, so at
    /// 5k lists/s that made the event-to-recommendation p99 no better and the whole pipeline fall further behind (README,
    /// Benchmarks). Its guarantee is its own, Scoring:ProcessingGuarantee (PipelineSettings.ScoringExactlyOnce).
    /// </summary>
    public ScorerService Scorer() => new(
        ScoringOptions(),
        StreamsConfig(
            ScorerApplicationId,
            settings.ScoringExactlyOnce,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["linger.ms"] = settings.ScoringProducerLingerMs.ToString(CultureInfo.InvariantCulture) }),
        cluster.Topics,
        settings.Partitions,
        health,
        loggers,
        time);

    public TrainerPipelineService Trainer() => new(
        new TrainerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            TrainingSet = new TrainingSetOptions { DataDirectory = Path.Combine(settings.StateDirectory, "trainer") },
            MinNewRows = settings.TrainerMinNewRows,
            ScheduleInterval = settings.TrainerSchedule,
            SessionTimeout = settings.TrainerSessionTimeout,
        },
        health,
        loggers,
        time);

    private ScoringOptions ScoringOptions() => settings.ScoringLatencyBudget is { } budget
        ? new ScoringOptions { MaxCandidates = settings.ScoringMaxCandidates, LatencyBudget = budget }
        : new ScoringOptions { MaxCandidates = settings.ScoringMaxCandidates };

    private StreamsConfig StreamsConfig(string applicationId, bool exactlyOnce, IReadOnlyDictionary<string, string>? producerConfig = null) => new()
    {
        ApplicationId = applicationId,
        BootstrapServers = cluster.BootstrapServers,
        ProcessingGuarantee = exactlyOnce ? ProcessingGuarantee.ExactlyOnce : ProcessingGuarantee.AtLeastOnce,
        StateDir = settings.StateDirectory,
        ConsumerConfig = cluster.ConsumerConfig,
        StreamThreads = settings.StreamThreads,
        MaxRepartitionLag = settings.MaxRepartitionLag,
        MaxRepartitionLagBytes = settings.MaxRepartitionLagBytes,
        ProducerConfig = producerConfig ?? new Dictionary<string, string>(),
        // The librdkafka mock cluster discards TxnOffsetCommit; without this every restart would reprocess from the start.
        CommitOffsetsOutsideTransaction = settings.CommitOffsetsOutsideTransaction ?? cluster.IsEmbedded,
        RepartitionPurgeInterval = settings.RepartitionPurgeInterval
            ?? (cluster.IsEmbedded ? EmbeddedBroker.RepartitionPurgeInterval : Streams.StreamsConfig.DefaultRepartitionPurgeInterval),

        // The embedded broker has no DeleteRecords API; it deletes through its own call.
        RecordDeleter = cluster.Embedded,
    };
}
