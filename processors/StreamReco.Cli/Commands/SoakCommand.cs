using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using StreamReco.Cli.Configuration;
using StreamReco.Cli.Hosting;
using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Observability;
using StreamReco.Streams;

namespace StreamReco.Cli.Commands;

/// <summary>
/// Soak: the whole pipeline (as `run`) with the generator at a fixed rate for --minutes, then a bounded drain, then ONE summary
/// line: events in (events.clicks end offsets), events accounted for by the feature service (folded into a user aggregate +
/// late + dead-lettered, from its Prometheus counters), whether they are equal, memory growth and consumer lag at the end.
/// </summary>
public sealed class SoakCommand : ICommand
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(500);
    private const double MiB = 1024 * 1024;

    public string Name => "soak";

    public string Summary => "Full pipeline for --minutes at --rate events/s; prints one accounting and memory summary line.";

    public async Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var reader = new SettingsReader(configuration);
        var settings = PipelineSettings.Read(configuration, reader, "streamreco");
        var time = TimeProvider.System;
        var generatorOptions = GeneratorSettings.Read(reader, time);
        var minutes = reader.Double("Run:Minutes", 5, 0.05, 7 * 24 * 60);
        reader.ThrowIfInvalid();

        using var loggers = Logging.Create(settings.LogLevel);
        var logger = loggers.CreateLogger("streamreco.soak");
        using var cluster = await ClusterConnection.OpenAsync(settings.Bootstrap, settings.Partitions, cancellationToken).ConfigureAwait(false);
        var health = new HealthState();
        using var metrics = new MetricsServer(settings.MetricsHost, settings.MetricsPort, health, loggers.CreateLogger("streamreco.metrics"));
        metrics.Start();

        var factory = new ServiceFactory(settings, cluster, health, loggers, time);
        var generator = new SyntheticProducerService(cluster.BootstrapServers, generatorOptions, time, loggers.CreateLogger("streamreco.generator"));
        var topics = PipelineTopics.All(settings.Partitions).Select(t => t.Name).ToList();
        using var monitor = new PipelineMonitor(cluster.BootstrapServers, topics, new Dictionary<string, string>
        {
            [ServiceFactory.FeaturesApplicationId] = TopicNames.Clicks,
            [ServiceFactory.ScorerApplicationId] = TopicNames.Clicks,
        });

        // Baseline before the services start: the growth includes their start-up (stores, consumers, the trainer's first model).
        var start = MemorySample.Take();
        using var stopServices = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopGenerator = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stopGenerator.CancelAfter(TimeSpan.FromMinutes(minutes));
        var host = new ServiceHost(logger);
        var services = host.RunAsync([factory.Features(), factory.Trainer(), factory.Scorer()], stopServices.Token);
        var feeding = new ServiceHost(logger).RunAsync([generator], stopGenerator.Token);
        var generatorExit = await feeding.ConfigureAwait(false);

        // Drain: wait (bounded) until the feature service has consumed everything that was produced.
        var drainDeadline = Stopwatch.StartNew();
        var lag = await monitor.GroupLagAsync().ConfigureAwait(false);
        while (!services.IsCompleted && lag.GetValueOrDefault(ServiceFactory.FeaturesApplicationId) > 0 && drainDeadline.Elapsed < DrainTimeout
               && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(DrainPoll, time, CancellationToken.None).ConfigureAwait(false);
            lag = await monitor.GroupLagAsync().ConfigureAwait(false);
        }

        var end = MemorySample.Take();
        var eventsIn = monitor.TopicEnds().GetValueOrDefault(TopicNames.Clicks);
        await stopServices.CancelAsync().ConfigureAwait(false);
        var servicesExit = await services.ConfigureAwait(false);

        var processed = (long)FeatureMetrics.Updates.WithLabels(LateEventHeaders.UserAggregate).Value;
        var late = (long)FeatureMetrics.LateEvents.WithLabels(LateEventHeaders.UserAggregate).Value;
        var deadLettered = DeadLettered(ServiceFactory.FeaturesApplicationId, TopicNames.Clicks);
        var aborted = (long)StreamsMetrics.AbortedTransactions.WithLabels(ServiceFactory.FeaturesApplicationId).Value;
        var accounted = processed + late + deadLettered;
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"soak minutes={minutes:0.##} rate={generatorOptions.EventsPerSecond:0} in={eventsIn} accounted={accounted} " +
            $"(processed={processed} late={late} dead-lettered={deadLettered}) equal={(accounted == eventsIn ? "yes" : "NO")} " +
            $"aborted-txns={aborted} working-set={start.WorkingSet / MiB:F0}->{end.WorkingSet / MiB:F0}MiB " +
            $"({(end.WorkingSet - start.WorkingSet) / MiB:+0;-0}) gc-heap={start.GcHeap / MiB:F0}->{end.GcHeap / MiB:F0}MiB " +
            $"({(end.GcHeap - start.GcHeap) / MiB:+0;-0}) lag-end {string.Join(' ', lag.Select(kv => kv.Key + "=" + kv.Value))}");
        Console.WriteLine(line);
        return accounted == eventsIn && generatorExit == 0 && servicesExit == 0 ? 0 : 1;
    }

    /// <summary>Dead-lettered records of one application and source topic, summed over reasons (read once, at the end).</summary>
    private static long DeadLettered(string applicationId, string topic) =>
        (long)StreamsMetrics.DeadLettered.GetAllLabelValues()
            .Where(labels => labels[0] == applicationId && labels[1] == topic)
            .Sum(labels => StreamsMetrics.DeadLettered.WithLabels(labels).Value);

    private readonly record struct MemorySample(long WorkingSet, long GcHeap)
    {
        public static MemorySample Take()
        {
            using var process = Process.GetCurrentProcess();
            return new MemorySample(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: true));
        }
    }
}
