using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Producers;
using StreamReco.Producers.Replay;
using StreamReco.Producers.Synthetic;
using StreamReco.Schemas;
using StreamReco.Streams;

namespace StreamReco.Benchmarks;

/// <summary>
/// Feature topology throughput on the embedded broker as a ratio to the raw consume rate of the same topic,
/// measured in the same run, and event-to-feature latency at a fixed input rate.
/// </summary>
public static class FeatureTopologyBenchmark
{
    private const int Events = 200_000;
    private const int LatencyRate = 5_000;
    private static readonly TimeSpan LatencyDuration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    public static async Task RunAsync()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreatePipelineTopics();
        var events = new SyntheticClickstream(new SyntheticClickstreamOptions { MaxEvents = Events, EventsPerSecond = 5_000 });
        using (var producer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = broker.BootstrapServers }))
        {
            await producer.ProduceAllAsync(events).ConfigureAwait(false);
        }

        var raw = RawConsumeRate(broker.BootstrapServers);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"features: raw consume of {TopicNames.Clicks}: {raw:F0} events/s"));
        foreach (var threads in new[] { 1, 2 })
        {
            var floor = await RekeyFloorRateAsync(broker, threads).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"features: runtime floor (decode, re-key through a repartition topic, decode; no state, no output; {threads} stream thread{(threads == 1 ? "" : "s")}) {floor:F0} events/s; ratio to raw consume {floor / raw:F3}"));
        }

        foreach (var (guarantee, threads, everyUpdate) in new[]
        {
            (ProcessingGuarantee.AtLeastOnce, 1, false), (ProcessingGuarantee.AtLeastOnce, 2, false),
            (ProcessingGuarantee.ExactlyOnce, 1, false), (ProcessingGuarantee.ExactlyOnce, 2, false),
            (ProcessingGuarantee.AtLeastOnce, 1, true),
        })
        {
            var rate = await TopologyRateAsync(broker, guarantee, threads, everyUpdate).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"features: topology ({guarantee}, {threads} stream thread{(threads == 1 ? "" : "s")}, {Emission(everyUpdate)}) {rate:F0} events/s; ratio to raw consume {rate / raw:F3}"));
        }

        await RunLatencyAsync().ConfigureAwait(false);
    }

    /// <summary>Event-to-feature latency only (`make bench BENCH=features-latency`), after one unreported run of each mode to warm up.</summary>
    public static async Task RunLatencyAsync(bool warmUp = false)
    {
        if (warmUp)
        {
            await LatencyAsync(emitEveryUpdate: false, report: false).ConfigureAwait(false);
            await LatencyAsync(emitEveryUpdate: true, report: false).ConfigureAwait(false);
        }

        await LatencyAsync(emitEveryUpdate: false).ConfigureAwait(false);
        await LatencyAsync(emitEveryUpdate: true).ConfigureAwait(false);
    }

    private static double RawConsumeRate(string bootstrap)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-raw",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(TopicNames.Clicks);
        var count = 0;
        var clock = new Stopwatch();
        var deadline = Stopwatch.StartNew();
        while (count < Events && deadline.Elapsed < Deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                continue;
            }

            if (count++ == 0)
            {
                clock.Start();
            }
        }

        clock.Stop();
        consumer.Close();
        return (count - 1) / clock.Elapsed.TotalSeconds;
    }

    private static Task<double> RekeyFloorRateAsync(EmbeddedBroker broker, int threads) =>
        MeasureRateAsync(broker, RekeyFloorTopology.Build(), "bench-rekey-floor-" + threads, ProcessingGuarantee.AtLeastOnce, threads, outputTopics: []);

    private static string Emission(bool everyUpdate) => everyUpdate ? "every update emitted" : "emitted per commit";

    private static async Task<double> TopologyRateAsync(EmbeddedBroker broker, ProcessingGuarantee guarantee, int threads, bool everyUpdate)
    {
        var applicationId = "bench-features-" + guarantee.ToString().ToLowerInvariant() + "-" + threads + (everyUpdate ? "-every" : "");
        var topology = FeatureTopology.Build(new FeatureTopologyOptions
        {
            UserFeaturesTopic = applicationId + "-user-out",
            ItemFeaturesTopic = applicationId + "-item-out",
            EmitEveryUpdate = everyUpdate,
        });
        broker.CreateTopic(applicationId + "-user-out", PipelineTopics.DefaultPartitions);
        broker.CreateTopic(applicationId + "-item-out", PipelineTopics.DefaultPartitions);
        return await MeasureRateAsync(broker, topology, applicationId, guarantee, threads, [applicationId + "-user-out", applicationId + "-item-out"])
            .ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="topology"/> over the produced clicks and returns <see cref="ProcessedRate"/>.</summary>
    private static async Task<double> MeasureRateAsync(
        EmbeddedBroker broker, Topology topology, string applicationId, ProcessingGuarantee guarantee, int threads, string[] outputTopics)
    {
        var stateDir = Path.Combine(Path.GetTempPath(), "streamreco-bench", Guid.NewGuid().ToString("N"));
        await broker.EnsureTopicsAsync(topology.InternalTopics(applicationId).Select(t => new TopicSpec(t, PipelineTopics.DefaultPartitions)))
            .ConfigureAwait(false);
        using var app = new StreamsApp(topology, new StreamsConfig
        {
            ApplicationId = applicationId,
            BootstrapServers = broker.BootstrapServers,
            ProcessingGuarantee = guarantee,
            StateDir = stateDir,
            StreamThreads = threads,
            ConsumerConfig = EmbeddedBroker.ConsumerTuning,

            // As `run` configures the embedded broker (ServiceFactory).
            RepartitionPurgeInterval = EmbeddedBroker.RepartitionPurgeInterval,
            RecordDeleter = broker,
        },
        BenchLogging.Warnings);

        app.Start();
        try
        {
            var repartitionTopic = topology.InternalTopics(applicationId).Single(t => t.EndsWith("-repartition", StringComparison.Ordinal));
            return ProcessedRate(applicationId, repartitionTopic, outputTopics);
        }
        finally
        {
            app.Close();
            Directory.Delete(stateDir, recursive: true);
        }
    }

    /// <summary>
    /// Input events per second through both sub-topologies: from the first click consumed until every click is consumed and
    /// every record the user side wrote to the repartition topic is consumed by the item side (so group-join time is excluded).
    /// Read from the runtime's own counters, which also give the outputs per input.
    /// </summary>
    private static double ProcessedRate(string applicationId, string repartitionTopic, string[] outputTopics)
    {
        var clicksConsumed = StreamsMetrics.RecordsConsumed.WithLabels(applicationId, TopicNames.Clicks);
        var repartitionConsumed = StreamsMetrics.RecordsConsumed.WithLabels(applicationId, repartitionTopic);
        var repartitionProduced = StreamsMetrics.RecordsProduced.WithLabels(applicationId, repartitionTopic);
        var deadline = Stopwatch.StartNew();
        while (clicksConsumed.Value == 0 && deadline.Elapsed < Deadline)
        {
            Thread.Sleep(1);

        }

        var clock = Stopwatch.StartNew();
        while ((clicksConsumed.Value < Events || repartitionConsumed.Value < repartitionProduced.Value) && deadline.Elapsed < Deadline)
        {
            Thread.Sleep(1);
        }

        clock.Stop();
        if (clicksConsumed.Value < Events || repartitionConsumed.Value < repartitionProduced.Value)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"In {Deadline} the feature topology consumed {clicksConsumed.Value} of {Events} clicks and {repartitionConsumed.Value} of the {repartitionProduced.Value} re-keyed records."));
        }

        var outputs = string.Join(", ", outputTopics.Select(topic => string.Create(CultureInfo.InvariantCulture,
            $"{topic} {StreamsMetrics.RecordsProduced.WithLabels(applicationId, topic).Value / Events:F3}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"features: {applicationId}: outputs per click: {(outputs.Length == 0 ? "none" : outputs)}; "
            + $"upstream paused for the repartition backlog {StreamsMetrics.UpstreamPauses.WithLabels(applicationId, "0").Value:F0} times; "
            + $"committed repartition records purged {StreamsMetrics.RepartitionPurges.WithLabels(applicationId, "ok").Value:F0} times "
            + $"({StreamsMetrics.RepartitionPurges.WithLabels(applicationId, "failed").Value:F0} failed)"));
        return Events / clock.Elapsed.TotalSeconds;
    }

    private static async Task LatencyAsync(bool emitEveryUpdate, bool report = true)
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreatePipelineTopics();
        const string ApplicationId = "bench-latency";
        var pauses = StreamsMetrics.UpstreamPauses.WithLabels(ApplicationId, "0");
        var pausesBefore = pauses.Value;
        var stateDir = Path.Combine(Path.GetTempPath(), "streamreco-bench", Guid.NewGuid().ToString("N"));
        var topology = FeatureTopology.Build(new FeatureTopologyOptions { EmitEveryUpdate = emitEveryUpdate });
        await broker.EnsureTopicsAsync(topology.InternalTopics(ApplicationId).Select(t => new TopicSpec(t, PipelineTopics.DefaultPartitions)))
            .ConfigureAwait(false);
        using var app = new StreamsApp(topology, new StreamsConfig
        {
            ApplicationId = ApplicationId,
            BootstrapServers = broker.BootstrapServers,
            ProcessingGuarantee = ProcessingGuarantee.AtLeastOnce,
            CommitInterval = TimeSpan.FromMilliseconds(100),
            StateDir = stateDir,
            ConsumerConfig = EmbeddedBroker.ConsumerTuning,

            // As `run` configures the embedded broker (ServiceFactory).
            RepartitionPurgeInterval = EmbeddedBroker.RepartitionPurgeInterval,
            RecordDeleter = broker,
        },
        BenchLogging.Warnings);
        app.Start();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "bench-latency-reader",
            AutoOffsetReset = AutoOffsetReset.Latest,
            FetchWaitMaxMs = 5,
        }).Build();
        consumer.Subscribe(TopicNames.UserFeatures);

        // Warm up: wait until the app is running and the reader is assigned, so join time is not measured.
        var warmUp = Stopwatch.StartNew();
        while ((app.State != StreamsState.Running || consumer.Assignment.Count == 0) && warmUp.Elapsed < Deadline)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(100));
        }

        var options = new SyntheticClickstreamOptions
        {
            EventsPerSecond = LatencyRate,
            StartTime = DateTimeOffset.UtcNow,
            MaxEvents = (long)(LatencyRate * LatencyDuration.TotalSeconds),
            Seed = 7,
        };
        using var producer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = broker.BootstrapServers, LingerMs = 1 });
        var producing = Task.Run(() => producer.ProduceAllAsync(new SyntheticClickstream(options), new ReplayPacer(TimeProvider.System, 1)));
        var latencies = new List<double>();
        var readDeadline = Stopwatch.StartNew();
        while (latencies.Count < options.MaxEvents && readDeadline.Elapsed < LatencyDuration + TimeSpan.FromSeconds(20))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                continue;
            }

            var features = Codecs.UserFeatures.Decode(result.Message.Value);
            latencies.Add(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - features.AsOf);
        }

        await producing.ConfigureAwait(false);
        consumer.Close();
        app.Close();
        Directory.Delete(stateDir, recursive: true);
        if (!report)
        {
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"features: event-to-feature latency ({Emission(emitEveryUpdate)}, commit interval 100 ms) at {LatencyRate} events/s over {latencies.Count} feature records: "
            + $"p50 {Percentiles.Of(latencies, 50):F1} ms, p99 {Percentiles.Of(latencies, 99):F1} ms; upstream paused {pauses.Value - pausesBefore:F0} times"));
    }
}
