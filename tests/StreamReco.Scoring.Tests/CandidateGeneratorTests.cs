using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Candidates;

namespace StreamReco.Scoring.Tests;

public sealed class CandidateGeneratorTests
{
    [Fact]
    public void Candidates_come_from_all_sources_deduplicated_with_attribution()
    {
        var world = new ScoringWorld();
        var t = TestData.Now - 10_000;

        // Another user's session links c1-i5 to c4-i9; u1 recently viewed c1-i5.
        world.Observe(TestData.Click("other", "c1-i5", "c1", t));
        world.Observe(TestData.Click("other", "c4-i9", "c4", t + 1));
        world.Observe(TestData.Click("u1", "c1-i5", "c1", t + 2));
        var user = TestData.User("u1", UserSegment.Core, ("c2", 0.7));
        var generator = new CandidateGenerator(world.Activity, world.Catalog, world.CoVisitation, new ScoringOptions { TrendingCandidates = 8 });

        var candidates = generator.Generate("u1", user);

        Assert.Equal(candidates.Count, candidates.Select(c => c.ItemId).Distinct().Count());
        var neighbour = Assert.Single(candidates, c => c.ItemId == "c4-i9");
        Assert.Equal(CandidateSources.CoVisitation, neighbour.Source);
        Assert.Equal("c4", neighbour.CategoryId);

        // c1 (recent) and c2 (favourite) top items come from the category source.
        Assert.Equal(CandidateSources.Category, Assert.Single(candidates, c => c.ItemId == "c1-i0").Source);
        Assert.Equal(CandidateSources.Category, Assert.Single(candidates, c => c.ItemId == "c2-i3").Source);

        // Trending c1-i1 is also a c1 top item: attributed to category first, trending kept as second source.
        var both = Assert.Single(candidates, c => c.ItemId == "c1-i1");
        Assert.Equal([CandidateSources.Category, CandidateSources.Trending], both.Sources);

        // Trending items of other categories and new items come from their own sources.
        Assert.Equal(CandidateSources.Trending, Assert.Single(candidates, c => c.ItemId == "c3-i1").Source);
        Assert.Equal(CandidateSources.New, Assert.Single(candidates, c => c.ItemId == "c3-i14").Source);
    }

    [Fact]
    public void Bought_items_are_filtered_out()
    {
        var world = new ScoringWorld();
        world.Observe(TestData.Click("u1", "c1-i0", "c1", TestData.Now - 1000, Behavior.Buy));
        world.Observe(TestData.Click("u1", "c3-i1", "c3", TestData.Now - 900, Behavior.Buy));
        var generator = new CandidateGenerator(world.Activity, world.Catalog, world.CoVisitation, new ScoringOptions());

        var candidates = generator.Generate("u1", TestData.User("u1", UserSegment.Core, ("c1", 1.0)));

        Assert.NotEmpty(candidates);
        Assert.DoesNotContain(candidates, c => c.ItemId is "c1-i0" or "c3-i1");
        Assert.Contains(candidates, c => c.ItemId == "c1-i2");
    }

    [Fact]
    public void Candidate_count_is_capped()
    {
        var world = new ScoringWorld();
        var generator = new CandidateGenerator(world.Activity, world.Catalog, world.CoVisitation, new ScoringOptions { MaxCandidates = 7 });

        var candidates = generator.Generate("u1", TestData.User("u1", UserSegment.Core, ("c1", 0.5), ("c2", 0.5)));

        Assert.Equal(7, candidates.Count);
    }

    [Fact]
    public void A_list_generated_after_another_on_the_same_thread_keeps_nothing_of_it()
    {
        // The generator reuses one candidate builder per thread: the second list must equal one built first.
        var world = new ScoringWorld();
        world.Observe(TestData.Click("u1", "c1-i0", "c1", TestData.Now - 1000, Behavior.Buy));
        world.Observe(TestData.Click("u2", "c2-i3", "c2", TestData.Now - 900, Behavior.Buy));
        var first = new CandidateGenerator(world.Activity, world.Catalog, world.CoVisitation, new ScoringOptions { MaxCandidates = 30 });
        var second = new CandidateGenerator(world.Activity, world.Catalog, world.CoVisitation, new ScoringOptions { MaxCandidates = 12 });
        var u1 = TestData.User("u1", UserSegment.Core, ("c1", 1.0));
        var u2 = TestData.User("u2", UserSegment.Core, ("c2", 1.0));

        var u2Alone = second.Generate("u2", u2).Select(Describe).ToList();
        var u1List = first.Generate("u1", u1);
        var u2After = second.Generate("u2", u2).Select(Describe).ToList();

        Assert.Equal(30, u1List.Count);
        Assert.NotEmpty(u1List.Select(c => c.ItemId).Except(u2Alone.Select(d => d.Split(' ')[0])));
        Assert.Equal(u2Alone, u2After);
        Assert.Equal(12, u2After.Count);
        Assert.DoesNotContain(u2After, c => c.StartsWith("c2-i3 ", StringComparison.Ordinal));

        static string Describe(Candidate c) => c.ItemId + " " + c.Source + " " + string.Join('+', c.Sources);
    }
}
