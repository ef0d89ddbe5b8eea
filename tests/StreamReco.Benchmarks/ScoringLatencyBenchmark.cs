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
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Scoring;

namespace StreamReco.Benchmarks;

/// <summary>
/// Event-to-recommendation latency on the embedded broker at a fixed input rate, with a trained model in service:
/// features, trainer and scorer run as in `streamreco run` until the scorer serves the trainer's first model; the trainer
/// then stops (so its training runs do not share the two cores with the measurement) and paced clicks flow through
/// features and scorer. A recommendation's record timestamp is its triggering click's event time, which the paced
/// generator sets to the wall-clock moment it produces the click. First the scorer alone (features stopped), as a scoring
/// instance runs in production (its user and item tables keep the features computed before the stop), at 1k events/s and
/// three times at 5k; then the features processor resumes and both share the two cores at 1k and 5k. Each row also splits
/// off the scorer's side (the list's generated_at minus the click's time) and reports the process's GC pauses and the
/// seconds that had slow lists, so a tail can be traced.
/// </summary>
public static class ScoringLatencyBenchmark
{
    private static readonly int[] Rates = [1_000, 5_000];

    // The headline rate three times: a single 10 s window's p99 rests on ~500 lists and varied by tens of milliseconds between runs.
    private static readonly int[] ScorerAloneRates = [1_000, 5_000, 5_000, 5_000];
    private const int Users = 2_000;
    private const int Items = 5_000;
    private const int MaxCandidates = 50;
    private const int SlowMs = 50;

    // librdkafka's default: an upstream producer batching up to 5 ms. With 1 ms its network thread alone took about 40 % of a
    // core at 5k events/s, and the many one-record batches lengthen the mock broker's per-fetch walk over the log.
    private const int ClickLingerMs = 5;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ModelDeadline = TimeSpan.FromMinutes(3);

    public static async Task RunAsync()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreatePipelineTopics();
        var stateDirectory = Path.Combine(Path.GetTempPath(), "streamreco-bench", Guid.NewGuid().ToString("N"));
        var settings = new PipelineSettings(
            broker.BootstrapServers, PipelineTopics.DefaultPartitions, ExactlyOnce: false, "bench", "127.0.0.1", 0, stateDirectory,
            LogLevel.Warning, TrainerMinNewRows: 2_000, TrainerSchedule: TimeSpan.FromDays(1))
        { ScoringMaxCandidates = MaxCandidates };
        var factory = new ServiceFactory(settings, ClusterConnection.ForEmbedded(broker), new HealthState(), NullLoggerFactory.Instance, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        using var stopFeatures = new CancellationTokenSource();
        var host = new ServiceHost(NullLogger.Instance);
        var scorer = host.RunAsync([factory.Scorer()], stop.Token);
        var features = host.RunAsync([factory.Features()], stopFeatures.Token);

        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "bench-recommendations",
            AutoOffsetReset = AutoOffsetReset.Latest,
            FetchWaitMaxMs = 5,
        }).Build();
        consumer.Subscribe(TopicNames.Recommendations);
        var modelVersion = await TrainFirstModelAsync(broker, factory, host, consumer).ConfigureAwait(false);
        Console.WriteLine("scoring: model " + modelVersion + " in service, trainer stopped");
        var rows = new List<string>();

        // The scorer alone first, as a scoring instance runs in production: on the embedded broker a phase that falls behind
        // leaves thousands of small batches per partition, and the broker's unindexed fetch walk over them slows every later
        // phase, so the headline measurement must not follow the whole-pipeline overload at 5k events/s.
        await stopFeatures.CancelAsync().ConfigureAwait(false);
        await features.ConfigureAwait(false);
        foreach (var rate in ScorerAloneRates)
        {
            Drain(consumer);
            rows.Add(await MeasureAsync(broker, consumer, rate, "scorer alone, features stopped").ConfigureAwait(false));
        }

        // The features processor resumes from its committed offsets and state, then both run in one process.
        using var stopFeaturesAgain = new CancellationTokenSource();
        var featuresAgain = host.RunAsync([factory.Features()], stopFeaturesAgain.Token);
        foreach (var rate in Rates)
        {
            Drain(consumer);
            rows.Add(await MeasureAsync(broker, consumer, rate, "features and scorer in one process").ConfigureAwait(false));
        }

        await stopFeaturesAgain.CancelAsync().ConfigureAwait(false);
        await featuresAgain.ConfigureAwait(false);
        consumer.Close();
        await stop.CancelAsync().ConfigureAwait(false);
        await scorer.ConfigureAwait(false);
        Directory.Delete(stateDirectory, recursive: true);
        await PrintScorerCountersAsync().ConfigureAwait(false);
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }
    }

    /// <summary>
    /// Waits until the scorer has answered the previous phase's backlog (no recommendation for two seconds, at most two
    /// minutes), so a phase that fell behind does not inflate the next one's latencies.
    /// </summary>
    private static void Drain(IConsumer<byte[], byte[]> consumer)
    {
        var deadline = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < TimeSpan.FromSeconds(2) && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not null)
            {
                quiet.Restart();
            }
        }
    }

    /// <summary>Paced clicks at <paramref name="rate"/>; latencies of the recommendations for clicks produced after the warm-up.</summary>
    private static async Task<string> MeasureAsync(EmbeddedBroker broker, IConsumer<byte[], byte[]> consumer, int rate, string setup)
    {
        var options = new SyntheticClickstreamOptions
        {
            Users = Users,
            Items = Items,
            EventsPerSecond = rate,
            StartTime = DateTimeOffset.UtcNow,
            MaxEvents = (long)(rate * (WarmUp + Measured).TotalSeconds),
            Seed = 11 + rate,
        };
        using var producer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = broker.BootstrapServers, LingerMs = ClickLingerMs });
        var producing = Task.Run(() => producer.ProduceAllAsync(new SyntheticClickstream(options), new ReplayPacer(TimeProvider.System, 1)));
        var measureFrom = options.StartTime.Add(WarmUp).ToUnixTimeMilliseconds();
        var lastEvent = options.StartTime.Add(WarmUp + Measured).ToUnixTimeMilliseconds();
        var latencies = new List<double>();
        var toScored = new List<double>();
        var slowBySecond = new SortedDictionary<int, int>();
        var modelScored = new List<double>();
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        using var gc = new GcActivityListener();
        var gen2Before = GC.CollectionCount(2);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < WarmUp + Measured + TimeSpan.FromSeconds(15) && !(producing.IsCompleted && clock.Elapsed > WarmUp + Measured + TimeSpan.FromSeconds(3)))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null || result.Message.Timestamp.UnixTimestampMs < measureFrom || result.Message.Timestamp.UnixTimestampMs > lastEvent)
            {
                continue;
            }

            var latency = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - result.Message.Timestamp.UnixTimestampMs;
            latencies.Add(latency);
            var recommendation = Codecs.Recommendation.Decode(result.Message.Value);
            toScored.Add(recommendation.GeneratedAt - result.Message.Timestamp.UnixTimestampMs);
            if (latency > SlowMs)
            {
                var second = (int)((result.Message.Timestamp.UnixTimestampMs - measureFrom) / 1000);
                slowBySecond[second] = slowBySecond.TryGetValue(second, out var slow) ? slow + 1 : 1;
            }

            var version = recommendation.ModelVersion;
            versions[version] = versions.GetValueOrDefault(version) + 1;
            if (version is not (StrategyNames.PopularityVersion or StrategyNames.HeuristicVersion))
            {
                modelScored.Add(latency);
            }
        }

        await producing.ConfigureAwait(false);
        var (longestPause, totalPause, pauses) = gc.ReadPauses();
        var gen2 = GC.CollectionCount(2) - gen2Before;
        var measuredEvents = rate * Measured.TotalSeconds;
        var slowSeconds = slowBySecond.Count == 0 ? "none" : string.Join(" ", slowBySecond.Select(s => s.Key + "s:" + s.Value));
        var byVersion = string.Join(", ", versions.OrderByDescending(v => v.Value).Select(v => v.Key + "=" + v.Value));
        return string.Create(CultureInfo.InvariantCulture,
            $"scoring: event-to-recommendation latency ({setup}) at {rate} events/s (clicks produced with linger {ClickLingerMs} ms, included), {MaxCandidates} candidates per list: "
            + $"{latencies.Count} recommendations for ~{measuredEvents:F0} clicks, p50 {Percentiles.Of(latencies, 50):F1} ms, "
            + $"p99 {Percentiles.Of(latencies, 99):F1} ms (target p99 < 50 ms at 5000/s); click to list built p50 {Percentiles.Of(toScored, 50):F1} ms, "
            + $"p99 {Percentiles.Of(toScored, 99):F1} ms; model-scored lists {modelScored.Count} "
            + $"(p50 {Percentiles.Of(modelScored, 50):F1} ms, p99 {Percentiles.Of(modelScored, 99):F1} ms); by model_version: {byVersion}; "
            + $"GC: {pauses} pauses ({gen2} gen2), {totalPause.TotalMilliseconds:F0} ms in all, longest {longestPause.TotalMilliseconds:F1} ms, "
            + $"{gc.PromotedBytesPerCollection() / 1024} KiB promoted per collection, heap {GC.GetGCMemoryInfo().HeapSizeBytes >> 20} MiB; "
            + $"most allocated: {gc.TopAllocatedTypes(6)}; lists over {SlowMs} ms by second of the window: "
            + $"{slowSeconds}");
    }

    /// <summary>
    /// Feeds three hours of event time (so exposures resolve into labelled snapshots), runs the trainer until the scorer
    /// stamps a trained version on its output, then stops the trainer. Returns that version.
    /// </summary>
    private static async Task<string> TrainFirstModelAsync(EmbeddedBroker broker, ServiceFactory factory, ServiceHost host, IConsumer<byte[], byte[]> recommendations)
    {
        using var stopTrainer = new CancellationTokenSource();
        var training = host.RunAsync([factory.Trainer()], stopTrainer.Token);
        var history = new SyntheticClickstreamOptions
        {
            Users = Users,
            Items = Items,
            EventsPerSecond = 2,
            StartTime = DateTimeOffset.UtcNow.AddHours(-3),
            MaxEvents = 20_000,
            Seed = 5,
        };
        using (var producer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = broker.BootstrapServers }))
        {
            await producer.ProduceAllAsync(new SyntheticClickstream(history)).ConfigureAwait(false);
        }

        // Trickle recent clicks until one of their recommendations carries a trained model version.
        var trickle = new SyntheticClickstreamOptions
        {
            Users = Users,
            Items = Items,
            EventsPerSecond = 200,
            StartTime = DateTimeOffset.UtcNow,
            MaxEvents = (long)(200 * ModelDeadline.TotalSeconds),
            Seed = 6,
        };
        using var trickleStop = new CancellationTokenSource();
        // Batched (the trickle's latency is not measured): one-record batches would leave thousands per partition for the
        // embedded broker to walk on every later fetch, and how many depended on how long the first model took.
        using var trickleProducer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = broker.BootstrapServers, LingerMs = 100 });
        var trickling = Task.Run(() => trickleProducer.ProduceAllAsync(new SyntheticClickstream(trickle), new ReplayPacer(TimeProvider.System, 1), cancellationToken: trickleStop.Token));
        var deadline = Stopwatch.StartNew();
        string? version = null;
        while (version is null && deadline.Elapsed < ModelDeadline)
        {
            var result = recommendations.Consume(TimeSpan.FromMilliseconds(100));
            if (result is not null && Codecs.Recommendation.Decode(result.Message.Value) is { } recommendation
                && recommendation.ModelVersion is not (StrategyNames.PopularityVersion or StrategyNames.HeuristicVersion))
            {
                version = recommendation.ModelVersion;
            }
        }

        await trickleStop.CancelAsync().ConfigureAwait(false);
        await IgnoreCancellation(trickling).ConfigureAwait(false);
        await stopTrainer.CancelAsync().ConfigureAwait(false);
        await training.ConfigureAwait(false);
        return version ?? throw new TimeoutException("No recommendation was scored by a trained model within " + ModelDeadline + ".");
    }

    /// <summary>Strategy, fallback and scoring-time figures from the scorer's own Prometheus metrics (whole run).</summary>
    private static async Task PrintScorerCountersAsync()
    {
        using var text = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text).ConfigureAwait(false);
        text.Position = 0;
        using var reader = new StreamReader(text);
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("streamreco_scoring_fallback_total{", StringComparison.Ordinal)
                || line.StartsWith("streamreco_scoring_recommendations_total{", StringComparison.Ordinal)
                || line.StartsWith("streamreco_scoring_request_duration_seconds_sum", StringComparison.Ordinal)
                || line.StartsWith("streamreco_scoring_request_duration_seconds_count", StringComparison.Ordinal))
            {
                Console.WriteLine("scoring: " + line);
            }
        }
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The trickle is stopped on purpose once a model serves.
        }
    }
}
