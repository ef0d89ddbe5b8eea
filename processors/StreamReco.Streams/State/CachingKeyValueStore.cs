using System.Diagnostics;
using Prometheus;

namespace StreamReco.Streams.State;

/// <summary>
/// Typed, metered facade with a bounded record cache of deserialized values in front of the bytes layers (changelog + inner
/// store), like Kafka Streams' caching layer: a Put only marks the entry dirty; dirty entries are serialized once and written to
/// the layers below on <see cref="FlushCache"/> (the engine calls it before every commit, checkpoint and close) and when the
/// least recently used entry is evicted. So a hot key updated N times between commits costs one serialization and one
/// changelog record. Values handed to the processor are the cached instances: a processor must Put what it mutates.
/// Cache bookkeeping is under a lock, so interactive queries (<see cref="TryGetSnapshot"/>) may run on another thread; they
/// read misses from the inner store without caching them, so only the task's thread ever evicts (and tells the flush listener).
/// The task's own misses are cached as clean deletes, so a key read and then created costs one inner lookup.
/// </summary>
// Keys are never null (the key serde would reject them before the cache could), so TKey stays unconstrained like the builder's.
#pragma warning disable CS8714
internal sealed class CachingKeyValueStore<TKey, TValue> : ICachedKeyValueStore<TKey, TValue>, ICachingStore, IQueryableSnapshotStore<TKey, TValue>
{
    private readonly IKeyValueBytesStore _inner;
    private readonly ISerde<TKey> _keySerde;
    private readonly ISerde<TValue> _valueSerde;
    private readonly int _maxEntries;
    private readonly Dictionary<TKey, CacheEntry> _entries;
    private readonly List<CacheEntry> _dirty = [];
    private readonly Histogram.Child _putLatency;
    private readonly Histogram.Child _getLatency;
    private readonly Lock _gate = new();
    private CacheEntry? _mostRecent;
    private CacheEntry? _leastRecent;
    private Action<TKey, TValue?>? _flushListener;

    // Entries written below under the lock, told to the listener once the lock is released.
    private List<KeyValuePair<TKey, TValue?>>? _unannounced;

    public CachingKeyValueStore(IKeyValueBytesStore inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, string applicationId, int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        _inner = inner;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
        _maxEntries = maxEntries;
        // Serialized keys (byte[]) compare by content, not by reference.
        var comparer = typeof(TKey) == typeof(byte[]) ? (IEqualityComparer<TKey>)(object)ByteArrayComparer.Instance : null;
        _entries = new Dictionary<TKey, CacheEntry>(Math.Min(maxEntries, 1024), comparer);
        _putLatency = StreamsMetrics.StorePutLatency.WithLabels(applicationId, inner.Name);
        _getLatency = StreamsMetrics.StoreGetLatency.WithLabels(applicationId, inner.Name);
    }

    public string Name => _inner.Name;

    /// <summary>Inner count adjusted by the dirty entries that create or delete keys.</summary>
    public long ApproximateCount
    {
        get
        {
            lock (_gate)
            {
                var count = _inner.ApproximateCount;
                foreach (var entry in _dirty)
                {
                    if (!entry.Dirty)
                    {
                        continue;
                    }

                    if (entry.Deleted && entry.InInner)
                    {
                        count--;
                    }
                    else if (!entry.Deleted && !entry.InInner)
                    {
                        count++;
                    }
                }

                return count;
            }
        }
    }

    /// <summary>Number of cached entries (clean and dirty).</summary>
    public int CachedCount
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Number of entries written since the last flush.</summary>
    public int DirtyCount
    {
        get
        {
            lock (_gate)
            {
                return _dirty.Count(e => e.Dirty);
            }
        }
    }

    public TValue? Get(TKey key) => TryGet(key, out var value) ? value : default;

    public bool TryGet(TKey key, out TValue value)
    {
        var start = Stopwatch.GetTimestamp();
        bool found;
        lock (_gate)
        {
            var entry = Lookup(key);
            found = !entry.Deleted;
            value = found ? entry.Value : default!;
        }

        _getLatency.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        AnnounceFlushed();
        return found;
    }

    public void SetFlushListener(Action<TKey, TValue?> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _flushListener = listener;
    }

    public void Put(TKey key, TValue value)
    {
        if (value is null)
        {
            Delete(key);
            return;
        }

        var start = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            Write(key, value, deleted: false);
        }

        _putLatency.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        AnnounceFlushed();
    }

    public bool Delete(TKey key)
    {
        var start = Stopwatch.GetTimestamp();
        bool existed;
        lock (_gate)
        {
            existed = !Lookup(key).Deleted;
            Write(key, default!, deleted: true);
        }

        _putLatency.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        AnnounceFlushed();
        return existed;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to) =>
        Merge(_keySerde.Serialize(from), _keySerde.Serialize(to), copy: false);

    public IEnumerable<KeyValuePair<TKey, TValue>> All() => Merge(null, null, copy: false);

    /// <summary>Writes dirty entries below, then flushes the inner store.</summary>
    public void Flush()
    {
        FlushCache();
        _inner.Flush();
    }

    public int FlushCache()
    {
        var written = 0;
        lock (_gate)
        {
            foreach (var entry in _dirty)
            {
                if (entry.Dirty)
                {
                    WriteThrough(entry);
                    written++;
                }
            }

            _dirty.Clear();
        }

        AnnounceFlushed();
        return written;
    }

    public bool TryGetSnapshot(TKey key, out TValue value)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                var found = !entry.Deleted;
                value = found ? Copy(entry.Value) : default!;
                return found;
            }

            // A miss is not cached: caching it could evict, and evictions belong to the task's thread.
            var bytes = _inner.Get(_keySerde.Serialize(key));
            value = bytes is null ? default! : _valueSerde.Deserialize(bytes);
            return bytes is not null;
        }
    }

    public IReadOnlyList<KeyValuePair<TKey, TValue>> RangeSnapshot(TKey from, TKey to) =>
        [.. Merge(_keySerde.Serialize(from), _keySerde.Serialize(to), copy: true)];

    public IReadOnlyList<KeyValuePair<TKey, TValue>> AllSnapshot() => [.. Merge(null, null, copy: true)];

    private TValue Copy(TValue value) => _valueSerde.Deserialize(_valueSerde.Serialize(value));

    /// <summary>The cached entry, loading it from the inner store on a miss (a deleted entry when the key exists nowhere).</summary>
    private CacheEntry Lookup(TKey key)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            Touch(entry);
            return entry;
        }

        var keyBytes = _keySerde.Serialize(key);
        var bytes = _inner.Get(keyBytes);

        // A miss is cached too, as a clean delete: the processor usually writes the key next (a new aggregate, a first pending
        // exposure), and the inner store (RocksDB) need not be asked again, nor again by that write. Clean entries are never
        // written below, so it costs no changelog record.
        entry = bytes is null
            ? new CacheEntry(key, keyBytes, default!) { InInner = false, Deleted = true }
            : new CacheEntry(key, keyBytes, _valueSerde.Deserialize(bytes)) { InInner = true };
        Insert(entry);
        return entry;
    }

    private void Write(TKey key, TValue value, bool deleted)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            var keyBytes = _keySerde.Serialize(key);
            entry = new CacheEntry(key, keyBytes, value) { InInner = _inner.Get(keyBytes) is not null };
            Insert(entry);
        }
        else
        {
            entry.Value = value;
            Touch(entry);
        }

        entry.Deleted = deleted;
        if (!entry.Dirty)
        {
            entry.Dirty = true;
            _dirty.Add(entry);
        }
    }

    private void WriteThrough(CacheEntry entry)
    {
        if (entry.Deleted)
        {
            _inner.Delete(entry.KeyBytes);
            entry.InInner = false;
        }
        else
        {
            _inner.Put(entry.KeyBytes, _valueSerde.Serialize(entry.Value));
            entry.InInner = true;
        }

        entry.Dirty = false;
        if (_flushListener is not null)
        {
            (_unannounced ??= []).Add(new KeyValuePair<TKey, TValue?>(entry.Key, entry.Deleted ? default : entry.Value));
        }
    }

    /// <summary>Tells the listener of the entries written below since the last call; outside the lock, on the task's thread.</summary>
    private void AnnounceFlushed()
    {
        if (_unannounced is not { } batch)
        {
            return;
        }

        // Detached first: the listener may write to this store again (a downstream processor), starting a new batch.
        _unannounced = null;
        var listener = _flushListener!;
        foreach (var (key, value) in batch)
        {
            listener(key, value);
        }
    }

    private void Insert(CacheEntry entry)
    {
        _entries[entry.Key] = entry;
        LinkFirst(entry);
        while (_entries.Count > _maxEntries && _leastRecent is { } victim && victim != entry)
        {
            Evict(victim);
        }
    }

    private void Evict(CacheEntry victim)
    {
        if (victim.Dirty)
        {
            // Left in the dirty list (now clean, so skipped): removing it would cost O(dirty) per eviction.
            WriteThrough(victim);
        }

        Unlink(victim);
        _entries.Remove(victim.Key);
    }

    private void Touch(CacheEntry entry)
    {
        if (_mostRecent != entry)
        {
            Unlink(entry);
            LinkFirst(entry);
        }
    }

    private void LinkFirst(CacheEntry entry)
    {
        entry.Older = _mostRecent;
        entry.Newer = null;
        if (_mostRecent is not null)
        {
            _mostRecent.Newer = entry;
        }

        _mostRecent = entry;
        _leastRecent ??= entry;
    }

    private void Unlink(CacheEntry entry)
    {
        if (entry.Newer is not null)
        {
            entry.Newer.Older = entry.Older;
        }
        else
        {
            _mostRecent = entry.Older;
        }

        if (entry.Older is not null)
        {
            entry.Older.Newer = entry.Newer;
        }
        else
        {
            _leastRecent = entry.Newer;
        }

        entry.Older = null;
        entry.Newer = null;
    }

    /// <summary>
    /// Inner entries in key-byte order with the cache laid over them (cached values win, cached deletes hide). Materialized under
    /// the lock, so callers may modify the store while iterating.
    /// </summary>
    private List<KeyValuePair<TKey, TValue>> Merge(byte[]? from, byte[]? to, bool copy)
    {
        lock (_gate)
        {
            var comparer = ByteArrayComparer.Instance;
            var cached = new List<CacheEntry>();
            foreach (var entry in _entries.Values)
            {
                if ((from is null || comparer.Compare(entry.KeyBytes, from) >= 0) && (to is null || comparer.Compare(entry.KeyBytes, to) <= 0))
                {
                    cached.Add(entry);
                }
            }

            cached.Sort((a, b) => comparer.Compare(a.KeyBytes, b.KeyBytes));
            var result = new List<KeyValuePair<TKey, TValue>>();
            var next = 0;
            foreach (var (keyBytes, valueBytes) in _inner.Range(from, to))
            {
                while (next < cached.Count && comparer.Compare(cached[next].KeyBytes, keyBytes) < 0)
                {
                    AddCached(result, cached[next++], copy);
                }

                if (next < cached.Count && comparer.Compare(cached[next].KeyBytes, keyBytes) == 0)
                {
                    AddCached(result, cached[next++], copy);
                    continue;
                }

                result.Add(new KeyValuePair<TKey, TValue>(_keySerde.Deserialize(keyBytes), _valueSerde.Deserialize(valueBytes)));
            }

            while (next < cached.Count)
            {
                AddCached(result, cached[next++], copy);
            }

            return result;
        }
    }

    private void AddCached(List<KeyValuePair<TKey, TValue>> result, CacheEntry entry, bool copy)
    {
        if (!entry.Deleted)
        {
            result.Add(new KeyValuePair<TKey, TValue>(entry.Key, copy ? Copy(entry.Value) : entry.Value));
        }
    }

    private sealed class CacheEntry(TKey key, byte[] keyBytes, TValue value)
    {
        public TKey Key { get; } = key;

        public byte[] KeyBytes { get; } = keyBytes;

        public TValue Value { get; set; } = value;

        public bool Dirty { get; set; }

        public bool Deleted { get; set; }

        /// <summary>Whether the inner store holds the key, so counts stay right before a flush.</summary>
        public bool InInner { get; set; }

        public CacheEntry? Newer { get; set; }

        public CacheEntry? Older { get; set; }
    }
}
#pragma warning restore CS8714
