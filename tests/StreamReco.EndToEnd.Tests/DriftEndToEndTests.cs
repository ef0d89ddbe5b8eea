using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Cli.Hosting;
using StreamReco.Drift.Processing;
using StreamReco.Drift.Windowing;
using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Kafka.Models;
using StreamReco.Producers.Synthetic;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.Testing;
using StreamReco.Testing;
using Xunit.Abstractions;

namespace StreamReco.EndToEnd.Tests;

/// <summary>
/// generator (with a concept drift) -> features -> drift service (4 tasks, reference from a chunked model version read
/// globally from models.versions) -> metrics.drift and trainer.requests, on one embedded broker, wired as `streamreco run`.
/// </summary>
public sealed class DriftEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private const int Partitions = 4;
    // Each of the 4 drift tasks tests its own partition's users; the p-value counts users, not updates (effective size),
    // so a task needs a few dozen active users per window to see the shift.
    private const int Users = 200;
    private const long HourMs = 3_600_000;
    private const long WindowMs = 60 * 60_000;
    private const int MaxWindowsToAlarm = 2;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    // Stationary 1 h counts: the warm-up hour (counts still growing) is excluded from the reference and hidden from drift.
    private static readonly string[] ReferenceFeatures = ["user_views_1h", "user_clicks_1h", "user_carts_1h", "user_buys_1h"];

    private readonly EmbeddedPipeline _pipeline = new("drift-e2e", Partitions, NullLoggerFactory.Instance);

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task Drift_service_stays_silent_before_a_concept_drift_alarms_within_bounded_windows_after_it_and_requests_retraining()
    {
        // Hour-aligned, so the warm-up ends on a window boundary and the first window drift tests is complete (a partial
        // window holds a few sessions of a few users: too small a sample to test).
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var startMs = nowMs - (nowMs % HourMs) - (5 * HourMs);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(startMs);
        // On a window boundary (3 h in), so the windows before it are entirely pre-shift whatever the random gaps add up to.
        var shiftTime = start.AddHours(3);
        var events = new SyntheticClickstream(new SyntheticClickstreamOptions
        {
            Users = Users,
            Items = 200,
            Categories = 10,
            Seed = 11,
            // 6 h, so the window starting an hour after the shift (the first whose 1 h counts are entirely post-shift) closes too.
            MaxEvents = 21_600,
            EventsPerSecond = 1,
            StartTime = start,
            Drift = new ConceptDrift { AtEventTime = shiftTime },
        }).ToList();
        var warmupEnd = startMs + HourMs;
        var shiftAt = shiftTime.ToUnixTimeMilliseconds();
        var warmup = events.TakeWhile(e => e.EventTime < warmupEnd).ToList();
        var reference = ReferenceModel(events.TakeWhile(e => e.EventTime < shiftAt), from: warmupEnd);

        var factory = _pipeline.Factory();
        // Default alarm rule (D > 0.1 AND BH-corrected p < 0.05): the p-value counts the effective number of users in the
        // window (LiveSampleSize.EntityClusters), not the correlated per-update count.
        var driftOptions = new DriftProcessorOptions
        {
            Engine = new DriftEngineOptions
            {
                Window = DriftWindowSpec.Tumbling(TimeSpan.FromMilliseconds(WindowMs)),
                // features.user partitions interleave the outputs of four feature tasks, which progress at different
                // speeds within a produced batch (15 min of event time), so records arrive out of order by up to that much.
                Grace = TimeSpan.FromMinutes(20),
            },
        };
        var running = new ServiceHost(NullLogger.Instance).RunAsync([factory.Features(), factory.Drift(driftOptions)], _pipeline.Stop.Token);

        // Warm-up hour: processed by features and seen by drift before any model is in service (so not tested).
        await _pipeline.ProduceAsync(warmup);
        using var monitor = new PipelineMonitor(_pipeline.Broker.BootstrapServers, [TopicNames.Clicks, TopicNames.UserFeatures], new Dictionary<string, string>
        {
            [ServiceFactory.FeaturesApplicationId] = TopicNames.Clicks,
            [ServiceFactory.DriftApplicationId] = TopicNames.UserFeatures,
        });
        await UntilAsync(
            async () =>
            {
                var lag = await monitor.GroupLagAsync();
                return lag[ServiceFactory.FeaturesApplicationId] == 0 && lag[ServiceFactory.DriftApplicationId] == 0;
            },
            "features and drift caught up with the warm-up hour");

        await PublishAsync(reference);

        // Produced as a live stream would arrive (15 min of event time at a time, each batch through features before the
        // next), not as one backlog: with a backlog the feature tasks race and features.user partitions get hours out of order.
        foreach (var batch in events.Skip(warmup.Count).Chunk(900))
        {
            await _pipeline.ProduceAsync(batch);
            await UntilAsync(
                async () => (await monitor.GroupLagAsync())[ServiceFactory.FeaturesApplicationId] == 0,
                "features caught up with a batch");
        }

        try
        {
            await UntilAsync(
                async () =>
                {
                    var lag = await monitor.GroupLagAsync();
                    return lag[ServiceFactory.FeaturesApplicationId] == 0 && lag[ServiceFactory.DriftApplicationId] == 0
                        && ReadMetrics().Any(m => m.Alarm) && TestKafka.ReadAll(_pipeline.Broker.BootstrapServers, TopicNames.TrainerRequests).Count > 0;
                },
                "all events through features and drift, a drift alarm and a retraining request");
        }
        catch (TimeoutException)
        {
            Print(ReadMetrics(), shiftAt);
            throw;
        }

        var metrics = ReadMetrics();
        Print(metrics, shiftAt);

        Assert.All(metrics, m => Assert.Equal(reference.Version, m.ModelVersion));
        Assert.All(metrics, m => Assert.True(m.WindowStart >= warmupEnd, "drift tested a warm-up window"));
        var beforeShift = metrics.Where(m => m.WindowEnd <= shiftAt).ToList();
        Assert.True(beforeShift.Select(m => m.WindowStart).Distinct().Count() >= 2, "expected at least two pre-shift windows, got " + beforeShift.Count + " metrics");
        Assert.All(beforeShift, m => Assert.False(m.Alarm, m.Feature + " alarmed in pre-shift window " + m.WindowStart + " (D " + m.StatisticD + ")"));

        // Every drift task computes drift (not just the one that happened to read models.versions' only partition).
        Assert.Equal(Partitions, metrics.GroupBy(m => (m.Feature, m.WindowStart)).Max(g => g.Count()));

        var shiftWindowStart = shiftAt - (shiftAt % WindowMs);
        var firstAlarm = metrics.Where(m => m.Alarm).MinBy(m => m.WindowStart)!;
        var windowsToAlarm = (firstAlarm.WindowStart - shiftWindowStart) / WindowMs;
        output.WriteLine(
            "first alarm: " + firstAlarm.Feature + " in window " + windowsToAlarm + " after the shift window (D " + firstAlarm.StatisticD + ", p " + firstAlarm.PValueCorrected + ")");
        Assert.InRange(windowsToAlarm, 0, MaxWindowsToAlarm);

        var requests = TestKafka.ReadAll(_pipeline.Broker.BootstrapServers, TopicNames.TrainerRequests)
            .Select(r => (Key: Encoding.UTF8.GetString(r.Message.Key), Value: RetrainingRequestSerde.Instance.Deserialize(r.Message.Value)))
            .ToList();
        Assert.All(requests, r => Assert.Equal(("ranker", "ranker"), (r.Key, r.Value.ModelName)));
        Assert.All(requests, r => Assert.Equal(reference.Version, r.Value.ModelVersion));
        Assert.All(requests, r => Assert.True(r.Value.WindowStart >= shiftWindowStart, "retraining requested before the shift"));
        Assert.All(requests, r => Assert.NotEmpty(r.Value.Features));

        await _pipeline.Stop.CancelAsync();
        Assert.Equal(0, await running);
    }

    /// <summary>A model version whose reference distributions are the user features the feature topology computes from the pre-shift events.</summary>
    private static ModelManifest ReferenceModel(IEnumerable<ClickEvent> preShift, long from)
    {
        var options = new FeatureTopologyOptions { PersistentStores = false, TimeProvider = TimeProvider.System };
        using var driver = new TopologyTestDriver(FeatureTopology.Build(options), new TopologyTestDriverOptions { TimeProvider = TimeProvider.System });
        var clicks = driver.CreateInputTopic(TopicNames.Clicks, Serdes.String, Serdes.FromCodec(Codecs.ClickEvent));
        var users = driver.CreateOutputTopic(TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures));
        foreach (var click in preShift)
        {
            clicks.PipeInput(click.UserId, click, click.EventTime);
        }

        var values = ReferenceFeatures.ToDictionary(f => f, _ => new List<double>());
        foreach (var user in users.ReadValuesToList().Where(u => u.AsOf >= from))
        {
            foreach (var (feature, value) in FeatureObservationExtractor.FromUser(user, user.AsOf).Values)
            {
                if (values.TryGetValue(feature, out var list))
                {
                    list.Add(value);
                }
            }
        }

        var samples = ReferenceFeatures.Select(f => new ReferenceSample(f, [.. values[f].Order()], values[f].Count)).ToList();
        return new ModelManifest(
            "ranker", "drift-e2e-v1", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "FastTree", 0, from,
            new Dictionary<string, string>(), new Dictionary<string, double>(), ReferenceFeatures, 0, samples);
    }

    /// <summary>Chunked like the trainer publishes it; the bytes are arbitrary (drift needs the manifest) but must assemble and verify.</summary>
    private async Task PublishAsync(ModelManifest manifest)
    {
        var bytes = new byte[8192];
        new Random(5).NextBytes(bytes);
        await _pipeline.PublishModelAsync(manifest, bytes);
    }

    private void Print(List<DriftMetric> metrics, long shiftAt)
    {
        foreach (var m in metrics.OrderBy(m => m.WindowStart).ThenBy(m => m.Feature))
        {
            output.WriteLine(FormattableString.Invariant(
                $"window {(m.WindowStart - shiftAt) / (double)WindowMs,6:F2} {m.Feature,-16} n={m.LiveCount,4} D={m.StatisticD:F3} p={m.PValue:E2} q={m.PValueCorrected:E2} alarm={m.Alarm}"));
        }
    }

    private List<DriftMetric> ReadMetrics() =>
        [.. TestKafka.ReadAll(_pipeline.Broker.BootstrapServers, TopicNames.DriftMetrics).Select(r => Codecs.DriftMetric.Decode(r.Message.Value))];

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out after " + StepTimeout.TotalSeconds + " s waiting for: " + what);
            }

            await Task.Delay(50);
        }
    }
}
