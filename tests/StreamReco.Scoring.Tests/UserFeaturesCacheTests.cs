using Prometheus;
using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Caching;

namespace StreamReco.Scoring.Tests;

public sealed class UserFeaturesCacheTests
{
    private readonly ScoringMetrics _metrics = new(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
    private readonly InMemoryUserFeatures _source = new();

    [Fact]
    public void Second_read_of_a_hot_user_is_a_hit()
    {
        var cache = new UserFeaturesCache(_source, _metrics);
        _source.Set(TestData.User("u1", UserSegment.Core));

        var first = cache.GetUserFeatures("u1");
        var second = cache.GetUserFeatures("u1");

        Assert.Same(first, second);
        Assert.Equal(1, _source.Calls);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(1, cache.Misses);
        Assert.Equal(0.5, cache.HitRate);
        Assert.Equal(1, _metrics.CacheHits.Value);
        Assert.Equal(1, _metrics.CacheMisses.Value);
    }

    [Fact]
    public void Changed_features_invalidate_the_entry()
    {
        var cache = new UserFeaturesCache(_source, _metrics);
        _source.Set(TestData.User("u1", UserSegment.Core));
        cache.GetUserFeatures("u1");
        var updated = TestData.User("u1", UserSegment.Churned) with { AsOf = TestData.Now + 1 };
        _source.Set(updated);

        cache.OnUserFeaturesChanged(updated);
        var read = cache.GetUserFeatures("u1");

        Assert.Equal(UserSegment.Churned, read?.Segment);
        Assert.Equal(2, _source.Calls);
        Assert.Equal(1, _metrics.CacheInvalidations.Value);
        Assert.Equal(0, cache.Hits);
    }

    [Fact]
    public void Capacity_is_bounded_and_the_least_recently_used_user_is_evicted()
    {
        var cache = new UserFeaturesCache(_source, _metrics, capacity: 2);
        foreach (var id in new[] { "a", "b", "c" })
        {
            _source.Set(TestData.User(id, UserSegment.Active));
        }

        cache.GetUserFeatures("a");
        cache.GetUserFeatures("b");
        cache.GetUserFeatures("a");
        cache.GetUserFeatures("c");
        var callsBefore = _source.Calls;
        cache.GetUserFeatures("a");
        cache.GetUserFeatures("b");

        Assert.Equal(2, cache.Count);
        Assert.Equal(callsBefore + 1, _source.Calls);
    }

    [Fact]
    public void Unknown_users_are_not_cached()
    {
        var cache = new UserFeaturesCache(_source, _metrics);

        Assert.Null(cache.GetUserFeatures("ghost"));
        _source.Set(TestData.User("ghost", UserSegment.Normal));

        Assert.NotNull(cache.GetUserFeatures("ghost"));
        Assert.Equal(2, _source.Calls);
    }

    [Fact]
    public void Recommendations_read_user_features_through_the_cache()
    {
        var world = new ScoringWorld();
        world.Users.Set(TestData.User("u1", UserSegment.Normal, ("c1", 1.0)));

        world.Recommend("u1");
        world.Recommend("u1");

        Assert.Equal(1, world.Users.Calls);
        Assert.Equal(1, world.Metrics.CacheHits.Value);
    }
}
