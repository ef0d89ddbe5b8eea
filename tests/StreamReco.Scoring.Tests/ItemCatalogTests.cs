using Microsoft.Extensions.Time.Testing;
using StreamReco.Scoring.Candidates;

namespace StreamReco.Scoring.Tests;

public sealed class ItemCatalogTests
{
    [Fact]
    public void Rankings_order_items_globally_and_per_category()
    {
        var catalog = new ItemCatalog(new ItemCatalogOptions { RefreshInterval = TimeSpan.Zero, NewItemWindow = TimeSpan.FromHours(2) });
        catalog.Update(TestData.Item("a", "c1", popularity24h: 5, trending: 0.9, firstSeen: TestData.Now - (5 * TestData.Hour)));
        catalog.Update(TestData.Item("b", "c1", popularity24h: 50, trending: 0.1, firstSeen: TestData.Now - TestData.Hour));
        catalog.Update(TestData.Item("c", "c2", popularity24h: 20, trending: 0.5, firstSeen: TestData.Now - (10 * TestData.Hour)));

        Assert.Equal(["b", "c", "a"], catalog.Top(ItemRanking.Popular, null, 10).Select(i => i.ItemId).ToArray());
        Assert.Equal(["a", "c", "b"], catalog.Top(ItemRanking.Trending, null, 10).Select(i => i.ItemId).ToArray());
        Assert.Equal(["b"], catalog.Top(ItemRanking.New, null, 10).Select(i => i.ItemId).ToArray());
        Assert.Equal(["b", "a"], catalog.Top(ItemRanking.Popular, "c1", 10).Select(i => i.ItemId).ToArray());
        Assert.Equal(["b"], catalog.Top(ItemRanking.Popular, "c1", 1).Select(i => i.ItemId).ToArray());
        Assert.Empty(catalog.Top(ItemRanking.Popular, "nope", 10));
    }

    [Fact]
    public void Older_features_do_not_replace_newer_ones()
    {
        var catalog = new ItemCatalog();
        var newer = TestData.Item("a", "c1", popularity24h: 9);
        catalog.Update(newer);

        catalog.Update(newer with { AsOf = newer.AsOf - 1, Popularity24h = 1 });

        Assert.Equal(9, catalog.GetItemFeatures("a")?.Popularity24h);
    }

    [Fact]
    public void Rankings_are_rebuilt_at_most_once_per_refresh_interval()
    {
        var time = new FakeTimeProvider();
        var catalog = new ItemCatalog(new ItemCatalogOptions { RefreshInterval = TimeSpan.FromSeconds(1) }, time);
        catalog.Update(TestData.Item("a", "c1", popularity24h: 5));
        Assert.Equal("a", catalog.Top(ItemRanking.Popular, null, 1)[0].ItemId);

        catalog.Update(TestData.Item("b", "c1", popularity24h: 50));
        Assert.Equal("a", catalog.Top(ItemRanking.Popular, null, 1)[0].ItemId);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("b", catalog.Top(ItemRanking.Popular, null, 1)[0].ItemId);
    }

    [Fact]
    public async Task Concurrent_first_reads_never_see_an_empty_catalogue()
    {
        var catalog = new ItemCatalog(new ItemCatalogOptions { RefreshInterval = TimeSpan.FromMinutes(1) });
        for (var i = 0; i < 2000; i++)
        {
            catalog.Update(TestData.Item("i" + i, "c" + (i % 10), popularity24h: i));
        }

        using var start = new ManualResetEventSlim();
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.Wait(TimeSpan.FromSeconds(10));
            return catalog.Top(ItemRanking.Popular, null, 5).Count;
        })).ToArray();
        start.Set();

        var counts = await Task.WhenAll(readers);

        Assert.All(counts, c => Assert.Equal(5, c));
    }
}
