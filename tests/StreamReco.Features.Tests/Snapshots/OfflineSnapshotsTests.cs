using StreamReco.Features.Processing;
using StreamReco.Features.Snapshots;
using StreamReco.Schemas.Contracts;
using static StreamReco.Features.Tests.Times;

namespace StreamReco.Features.Tests.Snapshots;

public sealed class OfflineSnapshotsTests
{
    [Fact]
    public void Every_exposure_gets_a_snapshot_including_the_final_negatives_whatever_the_input_order()
    {
        var view = Click("u1", "i1", Behavior.View, T0 + Minutes(1));
        var click = Click("u2", "i1", Behavior.Click, T0 + Minutes(2));
        var buy = Click("u1", "i1", Behavior.Buy, T0 + Minutes(3));
        var lastView = Click("u1", "i2", Behavior.View, T0 + Minutes(4));

        var snapshots = OfflineSnapshots.FromEvents([lastView, buy, click, view]);

        Assert.Equal(new[] { view.EventId, click.EventId, lastView.EventId }.Order(), snapshots.Select(s => s.ExposureId).Order());
        var byId = snapshots.ToDictionary(s => s.ExposureId);
        Assert.Equal((1, (Behavior?)Behavior.Buy, (long?)buy.EventTime), (byId[view.EventId].Label, byId[view.EventId].LabelBehavior, byId[view.EventId].LabelTime));
        Assert.Equal(0, byId[click.EventId].Label);
        Assert.Equal(0, byId[lastView.EventId].Label);
        Assert.DoesNotContain(snapshots, s => s.UserId.StartsWith('\0'));

        // Features as of the exposure: the buy (later) is not in the item's counts.
        Assert.Equal(1, byId[view.EventId].Features["item_popularity_1h"]);
    }

    [Fact]
    public void Horizon_comes_from_the_options_and_no_events_give_no_snapshots()
    {
        var view = Click("u1", "i1", Behavior.View, T0);
        var cart = Click("u1", "i1", Behavior.Cart, T0 + Minutes(10));
        var options = new FeatureTopologyOptions { Snapshots = new TrainingSnapshotOptions { Horizon = TimeSpan.FromMinutes(5) } };

        var snapshot = Assert.Single(OfflineSnapshots.FromEvents([view, cart], options));

        Assert.Equal(0, snapshot.Label);
        Assert.Equal(Minutes(5), snapshot.HorizonMs);
        Assert.Empty(OfflineSnapshots.FromEvents([]));
    }

    [Fact]
    public void Invalid_events_are_an_error_not_skipped()
    {
        var invalid = new ClickEvent("e1", "u1", "i1", " ", Behavior.View, T0);

        Assert.Throws<InvalidDataException>(() => OfflineSnapshots.FromEvents([invalid, Click("u1", "i1", Behavior.View, T0 + 1)]));
    }
}
