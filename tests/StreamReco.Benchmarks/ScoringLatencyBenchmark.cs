using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Cli.Commands;
using StreamReco.Cli.Configuration;
using StreamReco.Cli.Hosting;
using StreamReco.Kafka;
using StreamReco.Observability;
using StreamReco.Producers;
using StreamReco.Producers.Replay;
using StreamReco.Producers.Synthetic;

namespace StreamReco.Benchmarks;

/// <summary>
/// Event-to-recommendation latency on the embedded broker at a fixed input rate: features and scorer run as in
/// `streamreco run`; a recommendation's record timestamp is its triggering click's event time, which the paced
/// generator sets to the wall-clock moment it produces the click.
/// </summary>
public static class ScoringLatencyBenchmark
{
    private const int Rate = 5_000;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);

    public static async Task RunAsync()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreatePipelineTopics();
        var stateDirectory = Path.Combine(Path.GetTempPath(), "streamreco-bench", Guid.NewGuid().ToString("N"));
        var settings = new PipelineSettings(
            broker.BootstrapServers, PipelineTopics.DefaultPartitions, ExactlyOnce: false, "bench", "127.0.0.1", 0, stateDirectory,
            LogLevel.Warning, TrainerMinNewRows: int.MaxValue, TrainerSchedule: TimeSpan.FromDays(1));
        var factory = new ServiceFactory(settings, ClusterConnection.ForEmbedded(broker), new HealthState(), NullLoggerFactory.Instance, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var services = new ServiceHost(NullLogger.Instance).RunAsync([factory.Features(), factory.Scorer()], stop.Token);

        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "bench-recommendations",
            AutoOffsetReset = AutoOffsetReset.Latest,
            FetchWaitMaxMs = 5,
        }).Build();
        consumer.Subscribe(TopicNames.Recommendations);
        var options = new SyntheticClickstreamOptions
        {
            EventsPerSecond = Rate,
            StartTime = DateTimeOffset.UtcNow,
            MaxEvents = (long)(Rate * (WarmUp + Measured).TotalSeconds),
            Seed = 11,
        };
        using var producer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = broker.BootstrapServers, LingerMs = 1 });
        var producing = Task.Run(() => producer.ProduceAllAsync(new SyntheticClickstream(options), new ReplayPacer(TimeProvider.System, 1)));

        // Latencies of recommendations for clicks produced after the warm-up (group joins, catalogue filled).
        var measureFrom = options.StartTime.Add(WarmUp).ToUnixTimeMilliseconds();
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < WarmUp + Measured + TimeSpan.FromSeconds(15) && !(producing.IsCompleted && clock.Elapsed > WarmUp + Measured + TimeSpan.FromSeconds(3)))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is not null && result.Message.Timestamp.UnixTimestampMs >= measureFrom)
            {
                latencies.Add(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - result.Message.Timestamp.UnixTimestampMs);
            }
        }

        await producing.ConfigureAwait(false);
        consumer.Close();
        await stop.CancelAsync().ConfigureAwait(false);
        await services.ConfigureAwait(false);
        Directory.Delete(stateDirectory, recursive: true);
        var measuredEvents = Rate * Measured.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scoring: event-to-recommendation latency at {Rate} events/s: {latencies.Count} recommendations for ~{measuredEvents:F0} clicks, "
            + $"p50 {Percentiles.Of(latencies, 50):F1} ms, p99 {Percentiles.Of(latencies, 99):F1} ms (target p99 < 50 ms)"));
    }
}
