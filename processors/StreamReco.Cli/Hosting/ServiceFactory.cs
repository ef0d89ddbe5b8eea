using Microsoft.Extensions.Logging;
using StreamReco.Cli.Commands;
using StreamReco.Cli.Configuration;
using StreamReco.Features.Processing;
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

    public StreamsAppService Features()
    {
        var topology = FeatureTopology.Build(new FeatureTopologyOptions { TimeProvider = time });
        return new StreamsAppService("features", topology, StreamsConfig(FeaturesApplicationId), cluster.Topics, settings.Partitions, health, loggers, time);
    }

    public ScorerService Scorer() =>
        new(new ScoringOptions(), StreamsConfig(ScorerApplicationId), cluster.Topics, settings.Partitions, health, loggers, time);

    public TrainerPipelineService Trainer() => new(
        new TrainerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            TrainingSet = new TrainingSetOptions { DataDirectory = Path.Combine(settings.StateDirectory, "trainer") },
            MinNewRows = settings.TrainerMinNewRows,
            ScheduleInterval = settings.TrainerSchedule,
        },
        health,
        loggers,
        time);

    private StreamsConfig StreamsConfig(string applicationId) => new()
    {
        ApplicationId = applicationId,
        BootstrapServers = cluster.BootstrapServers,
        ProcessingGuarantee = settings.ExactlyOnce ? ProcessingGuarantee.ExactlyOnce : ProcessingGuarantee.AtLeastOnce,
        StateDir = settings.StateDirectory,
        // The librdkafka mock cluster discards TxnOffsetCommit; without this every restart would reprocess from the start.
        CommitOffsetsOutsideTransaction = settings.CommitOffsetsOutsideTransaction ?? cluster.IsEmbedded,
    };
}
