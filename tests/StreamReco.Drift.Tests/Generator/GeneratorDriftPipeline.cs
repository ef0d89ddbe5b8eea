using Microsoft.Extensions.Time.Testing;
using StreamReco.Drift.Processing;
using StreamReco.Drift.Windowing;
using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Producers.Synthetic;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.Testing;

namespace StreamReco.Drift.Tests.Generator;

/// <summary>
/// Synthetic clickstream -> feature topology -> (training.snapshots of the reference period -> reference like the trainer
/// builds it) and (features.user + features.item of the monitoring period -> drift topology), all on transport-free
/// <see cref="TopologyTestDriver"/>s with event time only, so one run of hours of traffic takes a fraction of a second.
/// </summary>
internal static class GeneratorDriftPipeline
{
    /// <summary>
    /// Features whose distribution is stationary after the 1 h warm-up: the 1 h counts and the gap since the previous event.
    /// The 24 h / 7 d counts, rates and RFM scores are still filling their windows in hours of history, and item_age_hours grows
    /// with the closed catalogue's age: those really do drift away from an earlier reference here, so they cannot measure false alarms.
    /// </summary>
    public static readonly string[] StationaryFeatures =
    [
        "user_views_1h", "user_clicks_1h", "user_carts_1h", "user_buys_1h", "user_seconds_since_previous_event", "item_popularity_1h",
    ];

    private const string ModelName = "ranker";

    /// <summary>Runs the features once and the drift topology once per <paramref name="sizes"/> entry, on the same updates.</summary>
    /// <remarks>
    /// The reference is built from the exposures' feature updates (<see cref="ReferenceFromExposures"/>) rather than from
    /// training.snapshots: the values are bit-identical (asserted on a full run by GeneratorDriftTests), and the snapshot
    /// processor would take three quarters of each run's time.
    /// </remarks>
    public static IReadOnlyList<GeneratorRunResult> Run(GeneratorDriftScenario scenario, params LiveSampleSize[] sizes)
    {
        var (clicks, users, items, _) = RunFeatures(scenario, emitSnapshots: false);
        var reference = ReferenceFromExposures(scenario, clicks, users, items);
        var updates = users.Select(u => (Time: u.AsOf, User: (UserFeatures?)u, Item: (ItemFeatures?)null))
            .Concat(items.Select(i => (Time: i.AsOf, User: (UserFeatures?)null, Item: (ItemFeatures?)i)))
            .Where(u => u.Time >= scenario.MonitoringFromMs)
            .OrderBy(u => u.Time)
            .ToList();
        return [.. sizes.Select(size => RunDrift(scenario, size, reference, updates))];
    }

    /// <summary>The clicks piped in and what the feature topology emitted (every click is on time: one user and one item update each, in order).</summary>
    public static (List<ClickEvent> Clicks, List<UserFeatures> Users, List<ItemFeatures> Items, List<TrainingSnapshot> Snapshots) RunFeatures(
        GeneratorDriftScenario scenario, bool emitSnapshots)
    {
        // Wall clock after every event time: the click validator's future-skew check must not refuse simulated events.
        var clock = new FakeTimeProvider(GeneratorDriftScenario.Start.AddDays(1));

        // One features record per click: the reference rows are taken from the exposures' own updates (index-aligned with the clicks).
        var options = new FeatureTopologyOptions
        {
            PersistentStores = false,
            Sweep = null,
            TimeProvider = clock,
            EmitTrainingSnapshots = emitSnapshots,
            EmitEveryUpdate = true,
        };
        using var driver = new TopologyTestDriver(FeatureTopology.Build(options), new TopologyTestDriverOptions { TimeProvider = clock });
        var clicks = driver.CreateInputTopic(TopicNames.Clicks, Serdes.String, Serdes.FromCodec(Codecs.ClickEvent));
        var users = driver.CreateOutputTopic(TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures));
        var items = driver.CreateOutputTopic(TopicNames.ItemFeatures, Serdes.String, Serdes.FromCodec(Codecs.ItemFeatures));
        var snapshots = driver.CreateOutputTopic(TopicNames.TrainingSnapshots, Serdes.String, Serdes.FromCodec(Codecs.TrainingSnapshot));

        // One minute past the last window, so its end passes and the drift topology closes it (grace 0).
        var until = scenario.MonitoringToMs + 60_000;
        var events = new SyntheticClickstream(scenario.Clickstream).TakeWhile(c => c.EventTime < until).ToList();
        foreach (var click in events)
        {
            clicks.PipeInput(click.UserId, click, click.EventTime);
        }

        return (events, users.ReadValuesToList(), items.ReadValuesToList(), emitSnapshots ? snapshots.ReadValuesToList() : []);
    }

    /// <summary>
    /// As the trainer builds it (TrainingPipeline.ReferenceDistributions): per feature a uniform sample (the trainer's reservoir,
    /// seeded per feature) of at most ReferenceSampleSize values from the snapshots (one per exposure) of the reference period.
    /// </summary>
    public static ModelVersion ReferenceFromSnapshots(GeneratorDriftScenario scenario, List<TrainingSnapshot> snapshots) =>
        Reference(scenario, feature => snapshots
            .Where(s => s.EventTime >= scenario.ReferenceFromMs && s.EventTime < scenario.MonitoringFromMs)
            .Select(s => s.Features[feature])
            .ToArray());

    /// <summary>The same rows taken from the feature updates of the reference period's exposures (VIEW, CLICK).</summary>
    public static ModelVersion ReferenceFromExposures(
        GeneratorDriftScenario scenario, List<ClickEvent> clicks, List<UserFeatures> users, List<ItemFeatures> items)
    {
        var rows = Enumerable.Range(0, clicks.Count)
            .Where(i => clicks[i].EventTime >= scenario.ReferenceFromMs && clicks[i].EventTime < scenario.MonitoringFromMs
                && clicks[i].Behavior is Behavior.View or Behavior.Click)
            .Select(i => FeatureObservationExtractor.FromUser(users[i], users[i].AsOf).Values
                .Concat(FeatureObservationExtractor.FromItem(items[i], items[i].AsOf).Values)
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal))
            .ToList();
        return Reference(scenario, feature => [.. rows.Select(r => r[feature])]);
    }

    private static ModelVersion Reference(GeneratorDriftScenario scenario, Func<string, double[]> rowValues)
    {
        var samples = StationaryFeatures.Select((feature, f) =>
        {
            var values = rowValues(feature);
            if (values.Length < scenario.ReferenceSampleSize / 2)
            {
                throw new InvalidOperationException("Only " + values.Length + " exposures in the reference period.");
            }

            new Random(scenario.Seed + f).Shuffle(values);
            return new ReferenceSample(feature, values.Take(scenario.ReferenceSampleSize).Order().ToArray(), values.Length);
        }).ToList();

        return new ModelVersion(
            ModelName, "seed-" + scenario.Seed, 0, "FastTree", 0, scenario.ReferenceFromMs,
            new Dictionary<string, string>(), new Dictionary<string, double>(),
            StationaryFeatures, 0, samples, string.Empty, 0, 0, 1, []);
    }

    private static GeneratorRunResult RunDrift(
        GeneratorDriftScenario scenario,
        LiveSampleSize size,
        ModelVersion reference,
        List<(long Time, UserFeatures? User, ItemFeatures? Item)> updates)
    {
        var options = new DriftProcessorOptions
        {
            Engine = new DriftEngineOptions { Window = DriftWindowSpec.Tumbling(scenario.WindowSize), Grace = TimeSpan.Zero, LiveSampleSize = size },
        };
        var references = new DriftReferenceHolder();
        references.Publish(reference);
        using var driver = new TopologyTestDriver(DriftTopology.Build(options, new DriftPrometheusMetrics(), references));
        var users = driver.CreateInputTopic(TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures));
        var items = driver.CreateInputTopic(TopicNames.ItemFeatures, Serdes.String, Serdes.FromCodec(Codecs.ItemFeatures));
        var metrics = driver.CreateOutputTopic(TopicNames.DriftMetrics, Serdes.String, Serdes.FromCodec(Codecs.DriftMetric));
        var requests = driver.CreateOutputTopic(TopicNames.TrainerRequests, Serdes.String, RetrainingRequestSerde.Instance);
        foreach (var (time, user, item) in updates)
        {
            if (user is not null)
            {
                users.PipeInput(user.UserId, user, time);
            }
            else
            {
                items.PipeInput(item!.ItemId, item, time);
            }
        }

        return new GeneratorRunResult(
            scenario,
            [.. metrics.ReadValuesToList().Where(m => m.WindowEnd <= scenario.MonitoringToMs)],
            requests.ReadValuesToList());
    }
}
