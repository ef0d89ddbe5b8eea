using StreamReco.Drift.Snapshots;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.Testing;

namespace StreamReco.Drift.Tests.Snapshots;

public sealed class TrainingSnapshotTopologyTests
{
    private const long Minute = 60_000;
    private const long T0 = 100 * Minute;

    // The scripted history has one event before the exposure and two after it (inside the horizon).
    private static readonly long[] UserHistory = [T0 - Minute, T0 + (2 * Minute), T0 + (5 * Minute)];
    private static readonly long[] ItemHistory = [T0 - (3 * Minute), T0 - Minute, T0 + Minute];

    [Fact]
    public void Positive_within_horizon_sets_the_label_but_features_stay_as_of_the_exposure()
    {
        var (withCart, lookupA) = Run(
            Click("e1", Behavior.View, T0), Click("e2", Behavior.Cart, T0 + (5 * Minute)), Click("tick", Behavior.View, T0 + (60 * Minute), "other"));
        var (withoutCart, _) = Run(
            Click("e1", Behavior.View, T0), Click("tick", Behavior.View, T0 + (60 * Minute), "other"));

        var positive = Assert.Single(withCart, s => s.ExposureId == "e1");
        var negative = Assert.Single(withoutCart, s => s.ExposureId == "e1");
        Assert.Equal(1, positive.Label);
        Assert.Equal(Behavior.Cart, positive.LabelBehavior);
        Assert.Equal(T0 + (5 * Minute), positive.LabelTime);
        Assert.Equal(0, negative.Label);
        Assert.Null(negative.LabelBehavior);

        // Leakage: the later CART (and the later history events) change the label, never the features.
        Assert.Equal(negative.Features, positive.Features);
        Assert.Equal(1, positive.Features["user_views_1h"]);
        Assert.Equal(2, positive.Features["item_popularity_1h"]);
        Assert.Contains(T0, lookupA.AsOfCalls);
        Assert.DoesNotContain(lookupA.AsOfCalls, asOf => asOf > T0 && asOf < T0 + (60 * Minute));
        Assert.Equal(T0, positive.EventTime);
        Assert.Equal(30 * Minute, positive.HorizonMs);
    }

    [Fact]
    public void Positive_after_the_horizon_leaves_the_exposure_negative()
    {
        var (snapshots, _) = Run(
            Click("e1", Behavior.Click, T0), Click("e2", Behavior.Buy, T0 + (31 * Minute)), Click("tick", Behavior.View, T0 + (90 * Minute), "other"));
        var snapshot = Assert.Single(snapshots, s => s.ExposureId == "e1");
        Assert.Equal(0, snapshot.Label);
    }

    [Fact]
    public void Each_exposure_is_emitted_exactly_once_even_when_redelivered_or_labelled_twice()
    {
        var (snapshots, _) = Run(
            Click("e1", Behavior.View, T0),
            Click("e1", Behavior.View, T0),
            Click("e2", Behavior.Fav, T0 + Minute),
            Click("e3", Behavior.Buy, T0 + (2 * Minute)),
            Click("tick1", Behavior.View, T0 + (60 * Minute), "other"),
            Click("tick2", Behavior.View, T0 + (200 * Minute), "other"));

        var snapshot = Assert.Single(snapshots, s => s.ExposureId == "e1");
        Assert.Equal(Behavior.Fav, snapshot.LabelBehavior);
    }

    [Fact]
    public void Negative_is_emitted_only_once_stream_time_passes_the_horizon()
    {
        var lookup = new RecordingFeatureLookup(UserHistory, ItemHistory);
        using var driver = new TopologyTestDriver(TrainingSnapshotTopology.Build(Options(), () => lookup));
        var clicks = driver.CreateInputTopic(TopicNames.Clicks, Serdes.String, Serdes.FromCodec(Codecs.ClickEvent));
        var output = driver.CreateOutputTopic(TopicNames.TrainingSnapshots, Serdes.String, Serdes.FromCodec(Codecs.TrainingSnapshot));

        clicks.PipeInput("u1", Click("e1", Behavior.View, T0), T0);
        clicks.PipeInput("u1", Click("t1", Behavior.View, T0 + (29 * Minute), "other"), T0 + (29 * Minute));
        Assert.DoesNotContain(output.ReadValuesToList(), s => s.ExposureId == "e1");

        clicks.PipeInput("u1", Click("t2", Behavior.View, T0 + (31 * Minute), "other"), T0 + (31 * Minute));
        Assert.Single(output.ReadValuesToList(), s => s.ExposureId == "e1");
    }

    private static (List<TrainingSnapshot> Snapshots, RecordingFeatureLookup Lookup) Run(params ClickEvent[] events)
    {
        var lookup = new RecordingFeatureLookup(UserHistory, ItemHistory);
        using var driver = new TopologyTestDriver(TrainingSnapshotTopology.Build(Options(), () => lookup));
        var clicks = driver.CreateInputTopic(TopicNames.Clicks, Serdes.String, Serdes.FromCodec(Codecs.ClickEvent));
        var output = driver.CreateOutputTopic(TopicNames.TrainingSnapshots, Serdes.String, Serdes.FromCodec(Codecs.TrainingSnapshot));
        foreach (var e in events)
        {
            clicks.PipeInput(e.UserId, e, e.EventTime);
        }

        return (output.ReadValuesToList(), lookup);
    }

    private static TrainingSnapshotOptions Options() => new() { PunctuationInterval = TimeSpan.FromSeconds(1) };

    private static ClickEvent Click(string id, Behavior behavior, long time, string item = "i1") =>
        new(id, "u1", item, "c1", behavior, time);
}
