namespace StreamReco.Drift.Windowing;

/// <summary>
/// Counts a window's feature updates per entity (user or item), so the KS p-value can use the effective number of
/// independent observations instead of the number of updates. Bounded: entities are hashed into at most
/// <c>maxBuckets</c> counters. Two entities sharing a counter look like one bigger cluster, which can only increase
/// the sum of squared cluster sizes and so only lowers the effective size (a conservative p-value, never a smaller one).
/// </summary>
internal sealed class EntityUpdateCounter(int maxBuckets)
{
    private readonly int _maxBuckets = maxBuckets > 0 ? maxBuckets : throw new ArgumentOutOfRangeException(nameof(maxBuckets));
    private readonly Dictionary<int, long> _counts = [];

    /// <summary>
    /// Records <paramref name="updates"/> updates of <paramref name="entity"/> and returns how many updates its counter held before.
    /// </summary>
    public long Increment(string entity, long updates = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(updates, 1);
        var bucket = (int)(Fnv1a(entity) % (uint)_maxBuckets);
        _counts.TryGetValue(bucket, out var before);
        _counts[bucket] = before + updates;
        return before;
    }

    // Stable across processes (string.GetHashCode is randomised), so a run's collisions are reproducible.
    private static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
