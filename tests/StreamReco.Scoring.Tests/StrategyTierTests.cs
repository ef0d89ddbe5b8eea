using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Candidates;

namespace StreamReco.Scoring.Tests;

public sealed class StrategyTierTests
{
    [Fact]
    public void Core_user_gets_model_scored_candidates_best_first()
    {
        var world = new ScoringWorld();
        world.ActivateModel("v1");
        world.Users.Set(TestData.User("u1", UserSegment.Core, ("c2", 0.8)));
        world.Observe(TestData.Click("u1", "c1-i5", "c1", TestData.Now - 1000));

        var rec = world.Recommend("u1");

        Assert.Equal(StrategyNames.Personalised, rec.Strategy);
        Assert.Equal("core", rec.Segment);
        Assert.Equal("v1", rec.ModelVersion);
        Assert.Null(rec.FallbackReason);
        Assert.Equal("u1", rec.UserId);
        Assert.Equal("r1", rec.RequestId);
        Assert.Equal(10, rec.Items.Count);
        Assert.Equal(rec.Items.OrderByDescending(i => i.Score).Select(i => i.ItemId), rec.Items.Select(i => i.ItemId));
        Assert.Equal(rec.Items.Count, rec.Items.Select(i => i.ItemId).Distinct().Count());
        Assert.All(rec.Items, i => Assert.Contains(i.Source, new[] { CandidateSources.Category, CandidateSources.Trending, CandidateSources.New }));
        Assert.Contains(rec.Items, i => i.CategoryId is "c1" or "c2");
        Assert.Equal(1, world.Metrics.StrategyCount(StrategyNames.Personalised));
    }

    [Fact]
    public void Active_user_gets_personalised_list_with_a_share_of_trending_slots()
    {
        var world = new ScoringWorld(new ScoringOptions { TopN = 10, TrendingBlendShare = 0.3, TrendingCandidates = 3, NewCandidates = 0 });
        world.ActivateModel("v1");
        world.Users.Set(TestData.User("u1", UserSegment.Active, ("c4", 1.0)));

        var rec = world.Recommend("u1");

        Assert.Equal(StrategyNames.PersonalisedTrending, rec.Strategy);
        Assert.Equal("active", rec.Segment);
        Assert.Equal("v1", rec.ModelVersion);
        Assert.Equal(10, rec.Items.Count);
        Assert.Equal(10, rec.Items.Select(i => i.ItemId).Distinct().Count());
        var globalTrending = world.Catalog.Top(ItemRanking.Trending, null, 3).Select(t => t.ItemId).ToHashSet();
        Assert.All(globalTrending, id => Assert.Contains(rec.Items, i => i.ItemId == id));
        foreach (var slot in new[] { 3, 6, 9 })
        {
            Assert.Equal(CandidateSources.Trending, rec.Items[slot].Source);
        }
    }

    [Fact]
    public void Normal_user_gets_global_trending_without_a_model()
    {
        var world = new ScoringWorld();
        world.Users.Set(TestData.User("u1", UserSegment.Normal, ("c1", 1.0)));

        var rec = world.Recommend("u1");

        Assert.Equal(StrategyNames.Trending, rec.Strategy);
        Assert.Equal("normal", rec.Segment);
        Assert.Equal(StrategyNames.HeuristicVersion, rec.ModelVersion);
        Assert.Null(rec.FallbackReason);
        Assert.Equal(world.Catalog.Top(ItemRanking.Trending, null, 10).Select(t => t.ItemId), rec.Items.Select(i => i.ItemId));
        Assert.All(rec.Items, i => Assert.Equal(CandidateSources.Trending, i.Source));
    }

    [Fact]
    public void Churned_user_gets_new_and_trending_items_of_favourite_categories()
    {
        var world = new ScoringWorld();
        world.ActivateModel("v1");
        world.Users.Set(TestData.User("u1", UserSegment.Churned, ("c3", 0.9)));

        var rec = world.Recommend("u1");

        Assert.Equal(StrategyNames.ReEngagement, rec.Strategy);
        Assert.Equal("churned", rec.Segment);
        Assert.Equal(StrategyNames.HeuristicVersion, rec.ModelVersion);
        Assert.All(rec.Items, i => Assert.Equal("c3", i.CategoryId));
        Assert.Equal("c3-i14", rec.Items[0].ItemId);
        Assert.Equal(CandidateSources.New, rec.Items[0].Source);
        Assert.Equal("c3-i1", rec.Items[1].ItemId);
        Assert.Equal(CandidateSources.Trending, rec.Items[1].Source);
        Assert.Equal(rec.Items.Count, rec.Items.Select(i => i.ItemId).Distinct().Count());
    }

    [Fact]
    public void Unknown_user_uses_the_configured_unknown_strategy()
    {
        var world = new ScoringWorld();

        var rec = world.Recommend("nobody");

        Assert.Equal(Recommender.UnknownSegment, rec.Segment);
        Assert.Equal(StrategyNames.Trending, rec.Strategy);
        Assert.NotEmpty(rec.Items);
    }

    [Fact]
    public void Tiers_are_configurable_per_segment()
    {
        var strategies = new Dictionary<UserSegment, RecommendationStrategy>(ScoringOptions.DefaultStrategies)
        {
            [UserSegment.Normal] = RecommendationStrategy.Personalised,
        };
        var world = new ScoringWorld(new ScoringOptions { TopN = 5, StrategyBySegment = strategies });
        world.ActivateModel("v1");
        world.Users.Set(TestData.User("u1", UserSegment.Normal, ("c1", 1.0)));

        var rec = world.Recommend("u1");

        Assert.Equal(StrategyNames.Personalised, rec.Strategy);
        Assert.Equal("v1", rec.ModelVersion);
        Assert.Equal(5, rec.Items.Count);
    }

    [Fact]
    public void Bought_items_are_never_recommended_by_any_tier()
    {
        foreach (var segment in Enum.GetValues<UserSegment>())
        {
            var world = new ScoringWorld();
            world.ActivateModel("v1");
            world.Users.Set(TestData.User("u1", segment, ("c1", 1.0)));
            var bought = new[] { "c1-i0", "c1-i1", "c1-i14", "c2-i1", "c3-i1", "c4-i1", "c1-i2", "c2-i2" };
            foreach (var item in bought)
            {
                world.Observe(TestData.Click("u1", item, item[..2], TestData.Now - 5000, Behavior.Buy));
            }

            var rec = world.Recommend("u1");

            Assert.NotEmpty(rec.Items);
            Assert.DoesNotContain(rec.Items, i => bought.Contains(i.ItemId));
        }
    }

    [Fact]
    public void Blend_puts_trending_items_on_evenly_spread_slots_without_duplicates_or_excluded_items()
    {
        var personal = Enumerable.Range(0, 10).Select(i => new RecommendedItem("p" + i, "c", 1 - (i * 0.01), "category")).ToList();
        var trending = new List<RankedItem>
        {
            new("p0", "c", 9),
            new("t1", "c", 8),
            new("bought", "c", 7.5),
            new("t2", "c", 7),
            new("t3", "c", 6),
        };

        var blended = Recommender.Blend(personal, trending, new HashSet<string>(["bought"], StringComparer.Ordinal), 0.3, 10);

        Assert.Equal(
            ["p0", "p1", "p2", "t1", "p3", "p4", "t2", "p5", "p6", "t3"],
            blended.Select(i => i.ItemId).ToArray());
        Assert.Equal(["category", "category", "category", "trending"], blended.Take(4).Select(i => i.Source).ToArray());
        Assert.Equal(8, blended[3].Score);
    }
}
