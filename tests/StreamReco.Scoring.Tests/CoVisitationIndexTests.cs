using StreamReco.Scoring.Candidates;

namespace StreamReco.Scoring.Tests;

public sealed class CoVisitationIndexTests
{
    private const long Minute = 60_000;

    [Fact]
    public void Items_in_the_same_session_become_neighbours_both_ways_ranked_by_count()
    {
        var index = new CoVisitationIndex();
        var t = TestData.Now;
        index.Observe(TestData.Click("u1", "a", "c1", t));
        index.Observe(TestData.Click("u1", "b", "c2", t + Minute));
        index.Observe(TestData.Click("u2", "a", "c1", t));
        index.Observe(TestData.Click("u2", "b", "c2", t + Minute));
        index.Observe(TestData.Click("u2", "c", "c3", t + (2 * Minute)));

        var ofA = index.Neighbours("a", 10);
        var ofC = index.Neighbours("c", 10);

        Assert.Equal(["b", "c"], ofA.Select(n => n.ItemId).ToArray());
        Assert.Equal([2.0, 1.0], ofA.Select(n => n.Score).ToArray());
        Assert.Equal("c2", ofA[0].CategoryId);
        Assert.Equal(["a", "b"], ofC.Select(n => n.ItemId).ToArray());
        Assert.Single(index.Neighbours("a", 1));
    }

    [Fact]
    public void The_top_neighbours_are_ordered_by_count_then_item_id_and_cut_at_the_maximum()
    {
        var index = new CoVisitationIndex();
        var t = TestData.Now;

        // "hub" pairs with z twice, with y and x three times and with w once; each user is one session.
        var sessions = new[] { "z", "y", "x", "w" };
        var counts = new Dictionary<string, int> { ["z"] = 2, ["y"] = 3, ["x"] = 3, ["w"] = 1 };
        var user = 0;
        foreach (var item in sessions)
        {
            for (var i = 0; i < counts[item]; i++, user++)
            {
                index.Observe(TestData.Click("u" + user, "hub", "c1", t));
                index.Observe(TestData.Click("u" + user, item, "c1", t + Minute));
            }
        }

        Assert.Equal(["x", "y", "z", "w"], index.Neighbours("hub", 10).Select(n => n.ItemId));
        Assert.Equal(["x", "y", "z"], index.Neighbours("hub", 3).Select(n => n.ItemId));
        Assert.Equal([3.0, 3.0], index.Neighbours("hub", 2).Select(n => n.Score));
        Assert.Empty(index.Neighbours("hub", 0));
    }

    [Fact]
    public void Interactions_outside_the_window_or_in_another_session_do_not_pair()
    {
        var index = new CoVisitationIndex(new CoVisitationOptions { SessionWindow = TimeSpan.FromMinutes(30) });
        var t = TestData.Now;
        index.Observe(TestData.Click("u1", "a", "c1", t));
        index.Observe(TestData.Click("u1", "b", "c1", t + (31 * Minute)));
        index.Observe(TestData.Click("u2", "x", "c1", t, session: "s1"));
        index.Observe(TestData.Click("u2", "y", "c1", t + Minute, session: "s2"));

        Assert.Empty(index.Neighbours("a", 10));
        Assert.Empty(index.Neighbours("b", 10));
        Assert.Empty(index.Neighbours("x", 10));
    }

    [Fact]
    public void Revisiting_an_item_in_the_same_session_does_not_inflate_counts()
    {
        var index = new CoVisitationIndex();
        var t = TestData.Now;
        for (var i = 0; i < 5; i++)
        {
            index.Observe(TestData.Click("u1", "a", "c1", t + (i * 2)));
            index.Observe(TestData.Click("u1", "b", "c1", t + (i * 2) + 1));
        }

        Assert.Equal(1.0, Assert.Single(index.Neighbours("a", 10)).Score);
    }

    [Fact]
    public void Memory_is_bounded_per_item_and_in_items_while_strong_neighbours_survive()
    {
        var index = new CoVisitationIndex(new CoVisitationOptions { MaxNeighboursPerItem = 3, MaxItems = 5, MaxSessionItems = 2 });
        var t = TestData.Now;

        // "hub" is strongly paired with "strong" (many users), then with many one-off items.
        for (var u = 0; u < 5; u++)
        {
            index.Observe(TestData.Click("s" + u, "hub", "c1", t));
            index.Observe(TestData.Click("s" + u, "strong", "c1", t + 1));
        }

        for (var i = 0; i < 20; i++)
        {
            index.Observe(TestData.Click("w" + i, "hub", "c1", t));
            index.Observe(TestData.Click("w" + i, "one-off-" + i, "c1", t + 1));
        }

        var neighbours = index.Neighbours("hub", 10);

        Assert.True(neighbours.Count <= 3);
        Assert.Equal("strong", neighbours[0].ItemId);
        Assert.Equal(5.0, neighbours[0].Score);
        Assert.True(index.TrackedItems <= 5, "tracked " + index.TrackedItems);
    }
}
