using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Candidates;

namespace StreamReco.Scoring.Tests;

public sealed class FallbackTests
{
    [Fact]
    public void No_model_falls_back_to_popularity_and_counts_the_reason()
    {
        var world = new ScoringWorld();
        world.Users.Set(TestData.User("u1", UserSegment.Core, ("c1", 1.0)));

        var rec = world.Recommend("u1");

        AssertPopularity(world, rec, FallbackReasons.NoModel);
        Assert.Equal("core", rec.Segment);
    }

    [Fact]
    public void Scoring_error_falls_back_to_popularity()
    {
        var world = new ScoringWorld();
        world.ActivateModel("v1");
        world.Users.Set(TestData.User("u1", UserSegment.Core, ("c1", 1.0)));
        world.Loader.BeforeScore = () => throw new InvalidOperationException("native scorer crashed");

        var rec = world.Recommend("u1");

        AssertPopularity(world, rec, FallbackReasons.ScoringError);
    }

    [Fact]
    public void Scoring_over_the_latency_budget_falls_back_to_popularity()
    {
        var world = new ScoringWorld(new ScoringOptions { TopN = 10, LatencyBudget = TimeSpan.FromMilliseconds(20) });
        world.ActivateModel("v1");
        world.Users.Set(TestData.User("u1", UserSegment.Core, ("c1", 1.0)));
        world.Loader.BeforeScore = () => world.Time.Advance(TimeSpan.FromMilliseconds(25));

        var rec = world.Recommend("u1");

        AssertPopularity(world, rec, FallbackReasons.LatencyBudget);
    }

    [Fact]
    public void Scoring_within_the_latency_budget_is_served()
    {
        var world = new ScoringWorld(new ScoringOptions { TopN = 10, LatencyBudget = TimeSpan.FromMilliseconds(20) });
        world.ActivateModel("v1");
        world.Users.Set(TestData.User("u1", UserSegment.Core, ("c1", 1.0)));
        world.Loader.BeforeScore = () => world.Time.Advance(TimeSpan.FromMilliseconds(15));

        var rec = world.Recommend("u1");

        Assert.Equal(StrategyNames.Personalised, rec.Strategy);
        Assert.Null(rec.FallbackReason);
        Assert.Equal(0, world.Metrics.FallbackCount(FallbackReasons.LatencyBudget));
    }

    [Fact]
    public void No_candidates_falls_back_to_global_popular_items()
    {
        var metrics = new ScoringMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        var registry = new Models.ModelRegistry(new Models.MlNetModelLoader(), metrics);
        registry.Activate(TestModels.Verified("v1"));
        var users = new InMemoryUserFeatures();
        users.Set(TestData.User("u1", UserSegment.Core));
        var rankings = new PopularOnlyRankings(new RankedItem("pop-1", "c9", 50), new RankedItem("pop-2", "c9", 40));
        var items = new ItemCatalog();
        var recommender = new Recommender(registry, users, items, rankings, new UserActivityTracker(), new CoVisitationIndex(), new ScoringOptions(), metrics);

        var rec = recommender.Recommend(new RecommendationContext("u1", TestData.Now));

        Assert.NotNull(rec);
        Assert.Equal(FallbackReasons.NoCandidates, rec.FallbackReason);
        Assert.Equal(["pop-1", "pop-2"], rec.Items.Select(i => i.ItemId).ToArray());
        Assert.Equal(1, metrics.FallbackCount(FallbackReasons.NoCandidates));
    }

    [Fact]
    public void Popularity_fallback_is_never_empty_even_when_the_user_bought_every_popular_item()
    {
        var world = new ScoringWorld(new ScoringOptions { TopN = 5 });
        world.Users.Set(TestData.User("u1", UserSegment.Core, ("c1", 1.0)));
        foreach (var category in ScoringWorld.Categories)
        {
            for (var i = 0; i < 15; i++)
            {
                world.Observe(TestData.Click("u1", ScoringWorld.ItemId(category, i), category, TestData.Now - 1000, Behavior.Buy));
            }
        }

        var rec = world.Recommend("u1");

        Assert.Equal(FallbackReasons.NoModel, rec.FallbackReason);
        Assert.Equal(5, rec.Items.Count);
    }

    [Fact]
    public void Every_segment_gets_a_non_empty_list_with_and_without_a_model()
    {
        foreach (var withModel in new[] { false, true })
        {
            var world = new ScoringWorld();
            if (withModel)
            {
                world.ActivateModel("v1");
            }

            foreach (var segment in Enum.GetValues<UserSegment>())
            {
                var userId = "u-" + segment;
                world.Users.Set(TestData.User(userId, segment, ("c2", 1.0)));

                var rec = world.Recommend(userId);

                Assert.NotEmpty(rec.Items);
                Assert.False(string.IsNullOrEmpty(rec.ModelVersion));
            }

            Assert.NotEmpty(world.Recommend("never-seen").Items);
        }
    }

    [Fact]
    public void Empty_catalogue_produces_no_list_and_counts_it_as_skipped()
    {
        var metrics = new ScoringMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        var registry = new Models.ModelRegistry(new Models.MlNetModelLoader(), metrics);
        var catalog = new ItemCatalog();
        var recommender = new Recommender(
            registry, new InMemoryUserFeatures(), catalog, catalog, new UserActivityTracker(), new CoVisitationIndex(), new ScoringOptions(), metrics);

        var rec = recommender.Recommend(new RecommendationContext("u1", TestData.Now));

        Assert.Null(rec);
        Assert.Equal(1, metrics.Skipped.Value);
    }

    private static void AssertPopularity(ScoringWorld world, Recommendation rec, string reason)
    {
        Assert.Equal(StrategyNames.PopularityFallback, rec.Strategy);
        Assert.Equal(StrategyNames.PopularityVersion, rec.ModelVersion);
        Assert.Equal(reason, rec.FallbackReason);
        Assert.Equal(
            world.Catalog.Top(ItemRanking.Popular, null, 10).Select(p => p.ItemId),
            rec.Items.Select(i => i.ItemId));
        Assert.All(rec.Items, i => Assert.Equal(CandidateSources.Popularity, i.Source));
        Assert.Equal(1, world.Metrics.FallbackCount(reason));
        Assert.Equal(1, world.Metrics.StrategyCount(StrategyNames.PopularityFallback));
        foreach (var other in FallbackReasons.All.Where(r => r != reason))
        {
            Assert.Equal(0, world.Metrics.FallbackCount(other));
        }
    }
}
