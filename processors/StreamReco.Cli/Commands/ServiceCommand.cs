using Microsoft.Extensions.Configuration;
using StreamReco.Cli.Configuration;
using StreamReco.Cli.Hosting;
using StreamReco.Observability;

namespace StreamReco.Cli.Commands;

/// <summary>
/// Runs one deployable service (features, drift, trainer, scorer) with its /metrics and health endpoints, until
/// Ctrl-C/SIGTERM (clean stop, exit 0) or a fatal error (exit 1, so the orchestrator restarts it).
/// </summary>
public sealed class ServiceCommand(string name, string summary, Func<ServiceFactory, IPipelineService> create) : ICommand
{
    public string Name => name;

    public string Summary => summary;

    public async Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var reader = new SettingsReader(configuration);
        var settings = PipelineSettings.Read(configuration, reader, "streamreco-" + name);
        reader.ThrowIfInvalid();
        var time = TimeProvider.System;
        using var loggers = Logging.Create(settings.LogLevel);
        using var cluster = await ClusterConnection.OpenAsync(settings.Bootstrap, settings.Partitions, cancellationToken).ConfigureAwait(false);
        var health = new HealthState();
        using var metrics = new MetricsServer(settings.MetricsHost, settings.MetricsPort, health, loggers.CreateLogger("streamreco.metrics"));
        metrics.Start();
        var service = create(new ServiceFactory(settings, cluster, health, loggers, time));
        return await new ServiceHost(loggers.CreateLogger("streamreco." + name), health).RunAsync([service], cancellationToken).ConfigureAwait(false);
    }
}
