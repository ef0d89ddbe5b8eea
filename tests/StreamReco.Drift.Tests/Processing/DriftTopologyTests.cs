using StreamReco.Drift.Processing;
using StreamReco.Drift.Windowing;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.Testing;

namespace StreamReco.Drift.Tests.Processing;

public sealed class DriftTopologyTests
{
    private const long WindowMs = 10 * 60_000;
    private const string Shifted = "user_seconds_since_previous_event";
    private const string Stable = "user_views_1h";

    [Fact]
    public void Alarm_fires_within_two_windows_of_a_shift_stays_silent_before_and_requests_retraining_once()
    {
        var references = new DriftReferenceHolder();
        using var driver = new TopologyTestDriver(DriftTopology.Build(Options(), new DriftPrometheusMetrics(), references));
        var users = driver.CreateInputTopic(TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures));
        var metricsOut = driver.CreateOutputTopic(TopicNames.DriftMetrics, Serdes.String, Serdes.FromCodec(Codecs.DriftMetric));
        var requestsOut = driver.CreateOutputTopic(TopicNames.TrainerRequests, Serdes.String, RetrainingRequestSerde.Instance);

        var rng = new Random(42);
        references.Publish(Model(rng));
        const int ShiftWindow = 6;
        for (var w = 0; w < 12; w++)
        {
            for (var i = 0; i < 300; i++)
            {
                var t = (w * WindowMs) + (i * (WindowMs / 300));
                users.PipeInput("u" + i, User(rng, t, w >= ShiftWindow ? 2.0 : 1.0, "u" + i), t);
            }
        }

        users.PipeInput("u-final", User(rng, 13 * WindowMs, 1.0), 13 * WindowMs);

        var metrics = metricsOut.ReadValuesToList();
        var shifted = metrics.Where(m => m.Feature == Shifted).OrderBy(m => m.WindowStart).ToList();
        var stable = metrics.Where(m => m.Feature == Stable).ToList();
        Assert.Equal(12, shifted.Count);
        Assert.Equal(12, stable.Count);
        Assert.All(shifted.Take(ShiftWindow), m => Assert.False(m.Alarm));
        Assert.All(stable, m => Assert.False(m.Alarm));
        var firstAlarm = shifted.FindIndex(m => m.Alarm);
        Assert.InRange(firstAlarm, ShiftWindow, ShiftWindow + 1);
        Assert.All(shifted.Skip(ShiftWindow + 1), m => Assert.True(m.Alarm));
        Assert.All(metrics, m => Assert.Equal("v1", m.ModelVersion));

        var requests = requestsOut.ReadRecordsToList();
        var request = Assert.Single(requests);
        Assert.Equal("ranker", request.Key);
        Assert.Equal([Shifted], request.Value.Features);
        Assert.Equal(shifted[firstAlarm].WindowStart, request.Value.WindowStart);
    }

    [Fact]
    public void Feature_updates_before_any_model_version_produce_no_metrics()
    {
        using var driver = new TopologyTestDriver(DriftTopology.Build(Options(), new DriftPrometheusMetrics(), new DriftReferenceHolder()));
        var users = driver.CreateInputTopic(TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures));
        var metricsOut = driver.CreateOutputTopic(TopicNames.DriftMetrics, Serdes.String, Serdes.FromCodec(Codecs.DriftMetric));
        var rng = new Random(1);
        for (var i = 0; i < 50; i++)
        {
            users.PipeInput("u", User(rng, i * WindowMs, 1.0), i * WindowMs);
        }

        Assert.True(metricsOut.IsEmpty);
    }

    [Fact]
    public void A_version_put_in_service_mid_stream_is_used_from_the_next_record_and_one_without_references_is_ignored()
    {
        var references = new DriftReferenceHolder();
        using var driver = new TopologyTestDriver(DriftTopology.Build(Options(), new DriftPrometheusMetrics(), references));
        var users = driver.CreateInputTopic(TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures));
        var metricsOut = driver.CreateOutputTopic(TopicNames.DriftMetrics, Serdes.String, Serdes.FromCodec(Codecs.DriftMetric));
        var rng = new Random(7);
        references.Publish(Model(rng));
        PipeWindows(users, rng, 0, 2);
        references.Publish(Model(rng) with { Version = "v2" });
        PipeWindows(users, rng, 2, 4);
        references.Publish(Model(rng) with { Version = "v3", ReferenceDistributions = [] });
        PipeWindows(users, rng, 4, 6);

        var versions = metricsOut.ReadValuesToList().Where(m => m.Feature == Stable).OrderBy(m => m.WindowStart).Select(m => m.ModelVersion).ToList();
        Assert.Equal(["v1", "v1", "v2", "v2", "v2"], versions);
    }

    [Fact]
    public void Retraining_request_serde_round_trips()
    {
        var request = new RetrainingRequest("ranker", "v3", "drift", ["a", "b"], 1, 2, 3);
        var back = RetrainingRequestSerde.Instance.Deserialize(RetrainingRequestSerde.Instance.Serialize(request));
        Assert.Equal(request.Features, back.Features);
        Assert.Equal(request with { Features = back.Features }, back);
    }

    private static void PipeWindows(TestInputTopic<string, UserFeatures> users, Random rng, int fromWindow, int toWindow)
    {
        for (var w = fromWindow; w < toWindow; w++)
        {
            for (var i = 0; i < 100; i++)
            {
                var t = (w * WindowMs) + (i * (WindowMs / 100));
                users.PipeInput("u" + i, User(rng, t, 1.0, "u" + i), t);
            }
        }
    }

    internal static DriftProcessorOptions Options() => new()
    {
        Engine = new DriftEngineOptions { Window = DriftWindowSpec.Tumbling(TimeSpan.FromMinutes(10)), Grace = TimeSpan.Zero },
        RetrainingCooldown = TimeSpan.FromHours(6),
    };

    internal static ModelVersion Model(Random rng)
    {
        var seconds = Enumerable.Range(0, 2000).Select(_ => Exponential(rng, 60)).Order().ToArray();
        var views = Enumerable.Range(0, 2000).Select(_ => (double)Poisson(rng, 5)).Order().ToArray();
        return new ModelVersion(
            "ranker", "v1", 0, "FastTree", 0, 0,
            new Dictionary<string, string>(), new Dictionary<string, double>(),
            [Shifted, Stable], 0,
            [new ReferenceSample(Shifted, seconds, 2000), new ReferenceSample(Stable, views, 2000)],
            string.Empty, 0, 0, 1, []);
    }

    /// <summary>One update of <paramref name="userId"/>; distinct ids are independent entities for the effective sample size.</summary>
    internal static UserFeatures User(Random rng, long asOf, double secondsScale, string userId = "u")
    {
        var counts = new BehaviorCounts(Poisson(rng, 5), 0, 0, 0, 0, 0);
        return new UserFeatures(
            userId, asOf, counts, counts, counts, [], asOf, Exponential(rng, 60 * secondsScale), 1, 1, 1, 1, UserSegment.Normal);
    }

    private static double Exponential(Random rng, double mean) => -mean * Math.Log(1 - rng.NextDouble());

    private static int Poisson(Random rng, double lambda)
    {
        var limit = Math.Exp(-lambda);
        var k = 0;
        var product = rng.NextDouble();
        while (product > limit)
        {
            k++;
            product *= rng.NextDouble();
        }

        return k;
    }
}
