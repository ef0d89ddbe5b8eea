using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Candidates;

namespace StreamReco.Scoring.Caching;

/// <summary>
/// Bounded LRU in front of a (possibly remote or on-disk) user-features lookup, for hot users.
/// Entries are dropped when the user's features change (<see cref="OnUserFeaturesChanged"/>, fed from features.user),
/// so a hit never serves features older than the latest update seen. Unknown users are not cached.
/// Hits and misses go to Prometheus; <see cref="HitRate"/> is the same ratio for logs and tests.
/// </summary>
public sealed class UserFeaturesCache : IUserFeaturesLookup
{
    private readonly IUserFeaturesLookup _inner;
    private readonly ScoringMetrics _metrics;
    private readonly Lock _lock = new();
    private readonly BoundedLru<string, UserFeatures> _entries;
    private long _hits;
    private long _misses;
    private long _changes;

    public UserFeaturesCache(IUserFeaturesLookup inner, ScoringMetrics metrics, int capacity = 10_000)
    {
        _inner = inner;
        _metrics = metrics;
        _entries = new BoundedLru<string, UserFeatures>(capacity, StringComparer.Ordinal);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public double HitRate
    {
        get
        {
            var hits = Hits;
            var total = hits + Misses;
            return total == 0 ? 0 : (double)hits / total;
        }
    }

    public UserFeatures? GetUserFeatures(string userId)
    {
        lock (_lock)
        {
            if (_entries.TryGet(userId, out var cached))
            {
                Interlocked.Increment(ref _hits);
                _metrics.CacheHits.Inc();
                return cached;
            }
        }

        Interlocked.Increment(ref _misses);
        _metrics.CacheMisses.Inc();
        var changesBefore = Interlocked.Read(ref _changes);
        var features = _inner.GetUserFeatures(userId);
        if (features is null)
        {
            return null;
        }

        lock (_lock)
        {
            // A change notified while the inner lookup ran may mean it returned the old features: don't cache those.
            if (Interlocked.Read(ref _changes) == changesBefore)
            {
                _entries.Set(userId, features);
            }
        }

        return features;
    }

    /// <summary>Drops the cached entry of a user whose features changed; the next read goes to the source.</summary>
    public void OnUserFeaturesChanged(UserFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        Invalidate(features.UserId);
    }

    public bool Invalidate(string userId)
    {
        bool removed;
        lock (_lock)
        {
            Interlocked.Increment(ref _changes);
            removed = _entries.Remove(userId);
        }

        if (removed)
        {
            _metrics.CacheInvalidations.Inc();
        }

        return removed;
    }
}
