using System.Collections.Concurrent;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Scoring.Candidates;

/// <summary>
/// Latest features of every item (from features.item) and the rankings derived from them: popular (24h popularity),
/// trending (trending score) and new (first seen within <see cref="ItemCatalogOptions.NewItemWindow"/>), globally and per
/// category. Rankings are an immutable snapshot rebuilt at most once per refresh interval by one caller, so the
/// request path never sorts the catalogue.
/// </summary>
public sealed class ItemCatalog : IItemFeaturesLookup, IItemRankingLookup
{
    private readonly ItemCatalogOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, ItemFeatures> _items = new(StringComparer.Ordinal);
    private readonly Lock _rebuildLock = new();
    private RankingSnapshot _snapshot = RankingSnapshot.Empty;
    private long _version;
    private long _snapshotVersion;

    public ItemCatalog(ItemCatalogOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new ItemCatalogOptions();
        _time = time ?? TimeProvider.System;
    }

    public int Count => _items.Count;

    public void Update(ItemFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);

        // Out-of-order updates must not replace newer features.
        _items.AddOrUpdate(features.ItemId, features, (_, old) => features.AsOf >= old.AsOf ? features : old);
        Interlocked.Increment(ref _version);
    }

    public ItemFeatures? GetItemFeatures(string itemId) => _items.TryGetValue(itemId, out var features) ? features : null;

    public IReadOnlyList<RankedItem> Top(ItemRanking ranking, string? categoryId, int max) => CurrentSnapshot().Top(ranking, categoryId, max);

    /// <summary>Forces the next read to rebuild (tests, or after a bulk load).</summary>
    public void Refresh()
    {
        lock (_rebuildLock)
        {
            Rebuild();
        }
    }

    private RankingSnapshot CurrentSnapshot()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var stale = Volatile.Read(ref _snapshotVersion) != Interlocked.Read(ref _version);
        if (stale && ReferenceEquals(snapshot, RankingSnapshot.Empty))
        {
            // Never built: wait for whoever is building rather than answer from an empty catalogue.
            lock (_rebuildLock)
            {
                if (ReferenceEquals(Volatile.Read(ref _snapshot), RankingSnapshot.Empty))
                {
                    Rebuild();
                }
            }

            return Volatile.Read(ref _snapshot);
        }

        var due = _time.GetTimestamp() - snapshot.BuiltAt >= _options.RefreshInterval.TotalSeconds * _time.TimestampFrequency;
        if (stale && due && _rebuildLock.TryEnter())
        {
            // One caller rebuilds; concurrent callers keep serving the previous snapshot.
            try
            {
                Rebuild();
            }
            finally
            {
                _rebuildLock.Exit();
            }
        }

        return Volatile.Read(ref _snapshot);
    }

    private void Rebuild()
    {
        var version = Interlocked.Read(ref _version);
        var items = _items.Values.ToArray();
        var latest = items.Length == 0 ? 0 : items.Max(i => i.AsOf);
        var newSince = latest - (long)_options.NewItemWindow.TotalMilliseconds;
        var depth = _options.RankingDepth;
        var lists = new Dictionary<(ItemRanking, string?), RankedItem[]>();

        void AddLists(string? category, IEnumerable<ItemFeatures> group)
        {
            var members = group as ItemFeatures[] ?? group.ToArray();
            lists[(ItemRanking.Popular, category)] = members
                .OrderByDescending(i => i.Popularity24h).ThenByDescending(i => i.Popularity1h).ThenBy(i => i.ItemId, StringComparer.Ordinal)
                .Take(depth).Select(i => new RankedItem(i.ItemId, i.CategoryId, i.Popularity24h)).ToArray();
            lists[(ItemRanking.Trending, category)] = members
                .OrderByDescending(i => i.TrendingScore).ThenByDescending(i => i.Popularity1h).ThenBy(i => i.ItemId, StringComparer.Ordinal)
                .Take(depth).Select(i => new RankedItem(i.ItemId, i.CategoryId, i.TrendingScore)).ToArray();
            lists[(ItemRanking.New, category)] = members
                .Where(i => i.FirstSeen >= newSince)
                .OrderByDescending(i => i.FirstSeen).ThenBy(i => i.ItemId, StringComparer.Ordinal)
                .Take(depth).Select(i => new RankedItem(i.ItemId, i.CategoryId, i.FirstSeen)).ToArray();
        }

        AddLists(null, items);
        foreach (var group in items.GroupBy(i => i.CategoryId, StringComparer.Ordinal))
        {
            AddLists(group.Key, group);
        }

        Volatile.Write(ref _snapshot, new RankingSnapshot(lists, _time.GetTimestamp()));
        Volatile.Write(ref _snapshotVersion, version);
    }
}
