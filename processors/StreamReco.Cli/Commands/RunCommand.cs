using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StreamReco.Cli.Configuration;
using StreamReco.Cli.Hosting;
using StreamReco.Kafka;
using StreamReco.Observability;

namespace StreamReco.Cli.Commands;

/// <summary>
/// The whole pipeline in one process: cluster (embedded unless --bootstrap), synthetic producer and every
/// service, with a live summary line every two seconds. Stops cleanly on Ctrl-C or after --duration seconds.
/// </summary>
public sealed class RunCommand : ICommand
{
    private static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(2);

    public string Name => "run";

    public string Summary => "Run broker (embedded unless --bootstrap), generator and all services with a live summary.";

    public async Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var reader = new SettingsReader(configuration);
        var settings = PipelineSettings.Read(configuration, reader, "streamreco");
        var time = TimeProvider.System;
        var generator = GeneratorSettings.Read(reader, time);
        var durationSeconds = reader.Int("Run:DurationSeconds", 0, 0, int.MaxValue);
        reader.ThrowIfInvalid();

        using var loggers = Logging.Create(settings.LogLevel);
        var logger = loggers.CreateLogger("streamreco.run");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (durationSeconds > 0)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(durationSeconds));
        }

        using var cluster = await ClusterConnection.OpenAsync(settings.Bootstrap, settings.Partitions, stop.Token).ConfigureAwait(false);
        Console.WriteLine((cluster.IsEmbedded ? "embedded broker " : "cluster ") + cluster.BootstrapServers);
        var health = new HealthState();
        using var metrics = new MetricsServer(settings.MetricsHost, settings.MetricsPort, health, loggers.CreateLogger("streamreco.metrics"));
        metrics.Start();

        var factory = new ServiceFactory(settings, cluster, health, loggers, time);
        var services = new List<IPipelineService>
        {
            new SyntheticProducerService(cluster.BootstrapServers, generator, time, loggers.CreateLogger("streamreco.generator")),
            factory.Features(),
            factory.Drift(),
            factory.Trainer(),
            factory.Scorer(),
        };

        var topics = PipelineTopics.All(settings.Partitions).Select(t => t.Name).ToList();
        using var monitor = new PipelineMonitor(cluster.BootstrapServers, topics, new Dictionary<string, string>
        {
            [ServiceFactory.FeaturesApplicationId] = TopicNames.Clicks,
            [ServiceFactory.ScorerApplicationId] = TopicNames.Clicks,
            [ServiceFactory.DriftApplicationId] = TopicNames.UserFeatures,
        });
        var host = new ServiceHost(logger, health);
        var running = host.RunAsync(services, stop.Token);
        var summaries = PrintSummariesAsync(monitor, time, running, stop.Token);
        var exitCode = await running.ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await summaries.ConfigureAwait(false);
        Console.WriteLine("final  " + await monitor.SummaryAsync(time.GetUtcNow().UtcDateTime).ConfigureAwait(false));
        return exitCode;
    }

    private static async Task PrintSummariesAsync(PipelineMonitor monitor, TimeProvider time, Task running, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SummaryInterval, time);
        try
        {
            while (!running.IsCompleted && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Console.WriteLine(await monitor.SummaryAsync(time.GetUtcNow().UtcDateTime).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the final summary is printed by the caller.
        }
    }
}
