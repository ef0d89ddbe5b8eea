using StreamReco.Features;
using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Candidates;

namespace StreamReco.Scoring.Tests;

public sealed class FeatureSkewTests
{
    [Fact]
    public void Scored_vectors_equal_the_training_snapshot_features_for_the_same_inputs()
    {
        var world = new ScoringWorld();
        world.ActivateModel("v1");
        var user = TestData.User("u1", UserSegment.Core, ("c1", 0.6), ("c2", 0.3));
        world.Users.Set(user);
        world.Observe(TestData.Click("u1", "c2-i4", "c2", TestData.Now - 5000));
        var eventTime = TestData.Now + 12_345;

        var rec = world.Recommender.Recommend(new RecommendationContext("u1", eventTime, TriggerEventId: "e1"));

        Assert.NotNull(rec);
        Assert.Equal("e1", rec.TriggerEventId);
        var candidates = new CandidateGenerator(world.Activity, world.Catalog, world.CoVisitation, world.Options).Generate("u1", user);
        var scored = world.Loader.Last!.Scored.ToArray();
        Assert.Equal(candidates.Count, scored.Length);
        for (var i = 0; i < candidates.Count; i++)
        {
            var item = world.Catalog.GetItemFeatures(candidates[i].ItemId);
            var snapshot = FeatureVector.BuildMap(user, item, candidates[i].CategoryId, eventTime);
            Assert.Equal(FeatureVector.FromMap(snapshot, FeatureVector.Names), scored[i]);
        }

        Assert.Contains(scored, v => v[TestModels.AffinityIndex] == 0.6f);
    }

    [Fact]
    public void A_vector_written_over_a_reused_buffer_equals_a_freshly_built_one()
    {
        var user = TestData.User("u1", UserSegment.Core, ("c1", 0.6));
        var item = TestData.Item("c1-i1", "c1", popularity24h: 40, trending: 0.7);
        var buffer = new double[FeatureVector.Length];
        foreach (var (u, i) in new[] { (user, item), (null, item), (user, null), ((UserFeatures?)null, (ItemFeatures?)null) })
        {
            // The scorer reuses one buffer per candidate: whatever the previous vector left must not leak into the next.
            Array.Fill(buffer, double.NaN);
            FeatureVector.Write(u, i, "c1", TestData.Now, buffer);
            Assert.Equal(FeatureVector.Build(u, i, "c1", TestData.Now), buffer);
        }
    }

    [Fact]
    public void Unknown_user_is_scored_with_the_same_vector_a_snapshot_of_an_unknown_user_has()
    {
        var world = new ScoringWorld(new ScoringOptions { UnknownUserStrategy = RecommendationStrategy.Personalised });
        world.ActivateModel("v1");

        var rec = world.Recommender.Recommend(new RecommendationContext("ghost", TestData.Now));

        Assert.Equal(StrategyNames.Personalised, rec?.Strategy);
        var scored = world.Loader.Last!.Scored.ToArray();
        var candidates = new CandidateGenerator(world.Activity, world.Catalog, world.CoVisitation, world.Options).Generate("ghost", null);
        Assert.Equal(candidates.Count, scored.Length);
        for (var i = 0; i < candidates.Count; i++)
        {
            var snapshot = FeatureVector.BuildMap(null, world.Catalog.GetItemFeatures(candidates[i].ItemId), candidates[i].CategoryId, TestData.Now);
            Assert.Equal(FeatureVector.FromMap(snapshot, FeatureVector.Names), scored[i]);
        }
    }
}
