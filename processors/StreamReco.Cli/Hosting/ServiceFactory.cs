using Microsoft.Extensions.Logging;
using StreamReco.Cli.Commands;
using StreamReco.Cli.Configuration;
using StreamReco.Features.Processing;
using StreamReco.Observability;
using StreamReco.Streams;

namespace StreamReco.Cli.Hosting;

/// <summary>Builds each pipeline service from the shared settings, so `run` and the per-service commands agree.</summary>
public sealed class ServiceFactory(PipelineSettings settings, ClusterConnection cluster, HealthState health, ILoggerFactory loggers, TimeProvider time)
{
    public const string FeaturesApplicationId = "streamreco-features";

    public StreamsAppService Features()
    {
        var topology = FeatureTopology.Build(new FeatureTopologyOptions { TimeProvider = time });
        return new StreamsAppService("features", topology, StreamsConfig(FeaturesApplicationId), cluster.Topics, settings.Partitions, health, loggers, time);
    }

    private StreamsConfig StreamsConfig(string applicationId) => new()
    {
        ApplicationId = applicationId,
        BootstrapServers = cluster.BootstrapServers,
        ProcessingGuarantee = settings.ExactlyOnce ? ProcessingGuarantee.ExactlyOnce : ProcessingGuarantee.AtLeastOnce,
        StateDir = settings.StateDirectory,
    };
}
