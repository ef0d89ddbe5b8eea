using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Candidates;

namespace StreamReco.Scoring.Tests;

public sealed class UserActivityTrackerTests
{
    [Fact]
    public void A_bought_set_already_handed_out_keeps_its_items_while_later_buys_replace_it()
    {
        var tracker = new UserActivityTracker(maxBought: 2);
        tracker.Observe(TestData.Click("u1", "i1", "c1", 1, Behavior.Buy));
        var first = tracker.BoughtItems("u1");

        tracker.Observe(TestData.Click("u1", "i2", "c1", 2, Behavior.Buy));
        tracker.Observe(TestData.Click("u1", "i3", "c1", 3, Behavior.Buy));

        Assert.Equal(["i1"], first.Order(StringComparer.Ordinal));
        Assert.Equal(["i2", "i3"], tracker.BoughtItems("u1").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_repeated_buy_keeps_one_entry_and_other_behaviours_buy_nothing()
    {
        var tracker = new UserActivityTracker(maxBought: 2);
        tracker.Observe(TestData.Click("u1", "i1", "c1", 1, Behavior.Buy));
        tracker.Observe(TestData.Click("u1", "i1", "c1", 2, Behavior.Buy));
        tracker.Observe(TestData.Click("u1", "i2", "c1", 3, Behavior.Cart));
        tracker.Observe(TestData.Click("u1", "i3", "c1", 4, Behavior.Buy));

        // i1 counted once, so the bound of two still holds both buys.
        Assert.Equal(["i1", "i3"], tracker.BoughtItems("u1").Order(StringComparer.Ordinal));
        Assert.Empty(tracker.BoughtItems("nobody"));
    }

    [Fact]
    public void Recent_items_and_categories_come_newest_first_up_to_the_asked_count()
    {
        var tracker = new UserActivityTracker(maxRecent: 3);
        tracker.Observe(TestData.Click("u1", "i1", "c1", 1));
        tracker.Observe(TestData.Click("u1", "i2", "c2", 2));
        tracker.Observe(TestData.Click("u1", "i3", "c1", 3));
        tracker.Observe(TestData.Click("u1", "i4", "c3", 4));

        Assert.Equal(["i4", "i3"], tracker.RecentItems("u1", 2));
        Assert.Equal(["i4", "i3", "i2"], tracker.RecentItems("u1", 10));
        Assert.Equal(["c3", "c1", "c2"], tracker.RecentCategories("u1", 5));
        Assert.Empty(tracker.RecentItems("u1", 0));
        Assert.Empty(tracker.RecentItems("nobody", 5));
    }
}
