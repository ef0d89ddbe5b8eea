using StreamReco.Drift.Processing;
using StreamReco.Drift.Statistics;
using StreamReco.Drift.Windowing;
using StreamReco.Features;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Tests.Windowing;

public sealed class EffectiveSampleSizeTests
{
    private const long WindowMs = 60_000;

    [Fact]
    public void Repeated_updates_of_an_entity_count_as_one_cluster_with_kish_effective_size()
    {
        var engine = Engine();
        var rng = new Random(3);
        // Unequal clusters: entity e has e + 1 updates, so N = 55 and sum m^2 = 385.
        for (var e = 0; e < 10; e++)
        {
            for (var k = 0; k <= e; k++)
            {
                var outcomes = engine.Observe("user:" + e, [new("a", Normal(rng)), new("b", Normal(rng) + 1)], k * 100L);
                Assert.Equal([ObservationOutcome.Accepted, ObservationOutcome.Accepted], outcomes);
            }
        }

        engine.AdvanceStreamTime(WindowMs);
        var results = engine.CloseDueWindowsWithSampleSizes();
        Assert.Equal(2, results.Count);
        Assert.All(results, r =>
        {
            // Every value of an update joins the same cluster: both features see the same sizes.
            Assert.Equal(55 * 55 / 385.0, r.EffectiveLiveCount, 12);
            Assert.Equal(55, r.Metric.LiveCount);
            Assert.Equal(KolmogorovSmirnovTest.EffectiveSizePValue(1000, r.EffectiveLiveCount, r.Metric.StatisticD), r.Metric.PValue);
        });

        // The shifted feature b has a large D, yet with under 8 effective observations the evidence is weaker than
        // 55 independent values would claim.
        var b = results.Single(r => r.Metric.Feature == "b").Metric;
        Assert.True(b.PValue > KolmogorovSmirnovTest.AsymptoticPValue(1000, 55, b.StatisticD));
    }

    [Fact]
    public void Without_repeated_entities_the_test_is_the_plain_exact_test()
    {
        var clustered = Engine();
        var plain = Engine();
        var rng = new Random(8);
        for (var i = 0; i < 300; i++)
        {
            var value = Normal(rng);
            clustered.Observe("item:" + i, [new("a", value)], i * 100L);
            plain.Observe("a", value, i * 100L);
        }

        clustered.AdvanceStreamTime(WindowMs);
        plain.AdvanceStreamTime(WindowMs);
        var result = Assert.Single(clustered.CloseDueWindowsWithSampleSizes());
        Assert.Equal(300, result.EffectiveLiveCount);
        Assert.Equal(Assert.Single(plain.CloseDueWindows()), result.Metric);
    }

    [Fact]
    public void Update_sizing_ignores_entities_and_shared_buckets_only_shrink_the_effective_size()
    {
        var updates = Engine(sizing: LiveSampleSize.Updates);
        var oneBucket = Engine(buckets: 1);
        var rng = new Random(4);
        for (var i = 0; i < 200; i++)
        {
            var value = Normal(rng);
            updates.Observe("user:" + (i % 5), [new("a", value)], i * 100L);
            oneBucket.Observe("user:" + i, [new("a", value)], i * 100L);
        }

        updates.AdvanceStreamTime(WindowMs);
        oneBucket.AdvanceStreamTime(WindowMs);
        Assert.Equal(200, Assert.Single(updates.CloseDueWindowsWithSampleSizes()).EffectiveLiveCount);
        // 200 distinct entities forced into one counter look like one cluster: the most conservative answer, never a larger size.
        Assert.Equal(1, Assert.Single(oneBucket.CloseDueWindowsWithSampleSizes()).EffectiveLiveCount, 12);
    }

    [Fact]
    public void Clusters_are_per_window_and_nan_is_rejected_before_anything_is_counted()
    {
        var engine = Engine();
        engine.Observe("user:1", [new("a", 0.1)], 0);
        engine.Observe("user:1", [new("a", 0.2)], 100);
        engine.Observe("user:1", [new("a", 0.3)], WindowMs + 100);
        engine.Observe("user:2", [new("a", 0.4)], WindowMs + 200);
        Assert.Throws<ArgumentException>(() => engine.Observe("user:2", [new("a", 0.5), new("b", double.NaN)], WindowMs + 300));
        engine.AdvanceStreamTime(3 * WindowMs);

        var results = engine.CloseDueWindowsWithSampleSizes();
        Assert.Equal([1.0, 2.0], results.Select(r => r.EffectiveLiveCount));
        Assert.Equal([2L, 2L], results.Select(r => r.Metric.LiveCount));
    }

    [Fact]
    public void Effective_size_p_value_matches_the_asymptotic_test_at_integer_sizes_and_rejects_sizes_below_one()
    {
        Assert.Equal(KolmogorovSmirnovTest.AsymptoticPValue(1000, 40, 0.2), KolmogorovSmirnovTest.EffectiveSizePValue(1000, 40.0, 0.2));
        Assert.True(KolmogorovSmirnovTest.EffectiveSizePValue(1000, 20.5, 0.2) > KolmogorovSmirnovTest.EffectiveSizePValue(1000, 40.0, 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTest.EffectiveSizePValue(1000, 0.5, 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => KolmogorovSmirnovTest.EffectiveSizePValue(1000, double.NaN, 0.2));
    }

    [Fact]
    public void Observations_name_their_entity_by_source_so_a_user_and_an_item_with_the_same_id_are_different_clusters()
    {
        var counts = new BehaviorCounts(1, 0, 0, 0, 0, 0);
        var user = new UserFeatures("42", 5, counts, counts, counts, [], 5, 1, 1, 1, 1, 1, UserSegment.Normal);
        var item = new ItemFeatures("42", "c", 5, 0, 1, 1, 1, 1, 0, 0, 0, 0);
        Assert.Equal("user:42", FeatureObservationExtractor.FromUser(user, 5).Entity);
        Assert.Equal("item:42", FeatureObservationExtractor.FromItem(item, 5).Entity);
        Assert.DoesNotContain(FeatureObservationExtractor.FromUser(user, 5).Values, kv => kv.Key == "user_category_affinity");
        Assert.Equal(FeatureVector.Names.Count(n => n.StartsWith("item_", StringComparison.Ordinal)), FeatureObservationExtractor.FromItem(item, 5).Values.Count);
    }

    private static DriftWindowEngine Engine(LiveSampleSize sizing = LiveSampleSize.EntityClusters, int buckets = 65_536)
    {
        var engine = new DriftWindowEngine(new DriftEngineOptions
        {
            Window = DriftWindowSpec.Tumbling(TimeSpan.FromMilliseconds(WindowMs)),
            Grace = TimeSpan.Zero,
            LiveSampleSize = sizing,
            MaxEntityBucketsPerWindow = buckets,
        });
        var rng = new Random(1);
        engine.SetReference(new ReferenceSet("v1", new[] { "a", "b" }.Select(f =>
            new ReferenceSample(f, Enumerable.Range(0, 1000).Select(_ => Normal(rng)).Order().ToArray(), 1000))));
        return engine;
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
