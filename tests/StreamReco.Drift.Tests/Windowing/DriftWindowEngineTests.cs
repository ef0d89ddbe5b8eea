using StreamReco.Drift.Windowing;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Tests.Windowing;

public sealed class DriftWindowEngineTests
{
    private const long Minute = 60_000;

    [Fact]
    public void Window_starts_cover_the_event_for_tumbling_and_sliding_windows()
    {
        var tumbling = DriftWindowSpec.Tumbling(TimeSpan.FromMinutes(10));
        Assert.Equal([20 * Minute], tumbling.WindowStartsFor((25 * Minute) + 1));
        Assert.Equal([-10 * Minute], tumbling.WindowStartsFor(-1));
        Assert.Equal("tumbling", tumbling.Kind);

        var sliding = DriftWindowSpec.Sliding(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5));
        Assert.Equal([20 * Minute, 25 * Minute], sliding.WindowStartsFor(27 * Minute));
        Assert.Equal("sliding", sliding.Kind);
        Assert.Throws<ArgumentException>(() => DriftWindowSpec.Sliding(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public void Tumbling_window_emits_one_metric_per_feature_only_after_end_plus_grace()
    {
        var engine = NewEngine(DriftWindowSpec.Tumbling(TimeSpan.FromMinutes(10)), TimeSpan.FromMinutes(1));
        var rng = new Random(5);
        for (var i = 0; i < 600; i++)
        {
            var t = i * 1000L;
            Assert.Equal(ObservationOutcome.Accepted, engine.Observe("a", Normal(rng), t));
            Assert.Equal(ObservationOutcome.Accepted, engine.Observe("b", Normal(rng), t));
        }

        engine.AdvanceStreamTime((10 * Minute) + (Minute / 2));
        Assert.Empty(engine.CloseDueWindows());

        engine.AdvanceStreamTime(11 * Minute);
        var metrics = engine.CloseDueWindows();
        Assert.Equal(["a", "b"], metrics.Select(m => m.Feature));
        Assert.All(metrics, m =>
        {
            Assert.Equal("v1", m.ModelVersion);
            Assert.Equal("tumbling", m.WindowKind);
            Assert.Equal(0, m.WindowStart);
            Assert.Equal(10 * Minute, m.WindowEnd);
            Assert.Equal(600, m.LiveCount);
            Assert.Equal(1000, m.ReferenceCount);
            Assert.InRange(m.PValueCorrected, m.PValue, 1.0);
            Assert.False(m.Alarm);
        });
        Assert.Empty(engine.CloseDueWindows());
    }

    [Fact]
    public void Sliding_windows_each_see_every_event_they_contain()
    {
        var engine = NewEngine(DriftWindowSpec.Sliding(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)), TimeSpan.Zero);
        for (var minute = 0; minute < 20; minute++)
        {
            engine.Observe("a", minute % 7, minute * Minute);
        }

        engine.AdvanceStreamTime(30 * Minute);
        var metrics = engine.CloseDueWindows();
        Assert.Equal([-5 * Minute, 0, 5 * Minute, 10 * Minute, 15 * Minute], metrics.Select(m => m.WindowStart));
        Assert.Equal([5L, 10, 10, 10, 5], metrics.Select(m => m.LiveCount));
        Assert.All(metrics, m => Assert.Equal("sliding", m.WindowKind));
    }

    [Fact]
    public void Late_events_are_counted_and_reported_not_silently_dropped()
    {
        var engine = NewEngine(DriftWindowSpec.Tumbling(TimeSpan.FromMinutes(10)), TimeSpan.FromMinutes(1));
        engine.Observe("a", 0.1, Minute);
        engine.AdvanceStreamTime(12 * Minute);
        Assert.Single(engine.CloseDueWindows());

        Assert.Equal(ObservationOutcome.Late, engine.Observe("a", 0.2, 2 * Minute));
        Assert.Equal(1, engine.LateCount);

        // Inside grace of the next window is still fine.
        Assert.Equal(ObservationOutcome.Accepted, engine.Observe("a", 0.2, 11 * Minute));
    }

    [Fact]
    public void Unknown_features_and_missing_reference_are_reported()
    {
        var engine = new DriftWindowEngine(new DriftEngineOptions());
        Assert.Equal(ObservationOutcome.NoReference, engine.Observe("a", 1, 0));
        engine.SetReference(Reference("v1", 1));
        Assert.Equal(ObservationOutcome.UnknownFeature, engine.Observe("zzz", 1, 0));
        Assert.Throws<ArgumentException>(() => engine.Observe("a", double.NaN, 0));
    }

    [Fact]
    public void A_shifted_feature_alarms_and_the_unshifted_one_stays_silent()
    {
        var engine = NewEngine(DriftWindowSpec.Tumbling(TimeSpan.FromMinutes(10)), TimeSpan.Zero);
        var rng = new Random(11);
        for (var i = 0; i < 800; i++)
        {
            engine.Observe("a", Normal(rng), i * 500L);
            engine.Observe("b", Normal(rng) + 0.6, i * 500L);
        }

        engine.AdvanceStreamTime(10 * Minute);
        var metrics = engine.CloseDueWindows().ToDictionary(m => m.Feature);
        Assert.False(metrics["a"].Alarm);
        Assert.True(metrics["b"].Alarm);
        Assert.True(metrics["b"].StatisticD > 0.1);
        Assert.True(metrics["b"].Psi > metrics["a"].Psi);
    }

    [Fact]
    public void Windows_keep_the_reference_they_opened_with_when_the_model_version_changes()
    {
        var engine = NewEngine(DriftWindowSpec.Tumbling(TimeSpan.FromMinutes(10)), TimeSpan.Zero);
        engine.Observe("a", 0.5, Minute);
        engine.SetReference(Reference("v2", 2));
        engine.Observe("a", 0.5, 2 * Minute);
        engine.Observe("a", 0.5, 12 * Minute);
        engine.AdvanceStreamTime(25 * Minute);
        var metrics = engine.CloseDueWindows();
        Assert.Equal(["v1", "v2"], metrics.Select(m => m.ModelVersion));
        Assert.Equal(2, metrics[0].LiveCount);
    }

    private static DriftWindowEngine NewEngine(DriftWindowSpec window, TimeSpan grace)
    {
        var engine = new DriftWindowEngine(new DriftEngineOptions { Window = window, Grace = grace });
        engine.SetReference(Reference("v1", 1));
        return engine;
    }

    private static ReferenceSet Reference(string version, int seed)
    {
        var rng = new Random(seed);
        ReferenceSample Sample(string feature)
        {
            var values = Enumerable.Range(0, 1000).Select(_ => Normal(rng)).Order().ToArray();
            return new ReferenceSample(feature, values, 1000);
        }

        return new ReferenceSet(version, [Sample("a"), Sample("b")]);
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
