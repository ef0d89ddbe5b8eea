using StreamReco.Streams.State;

namespace StreamReco.Streams.Engine;

/// <summary>
/// Interactive-query view of one store across the instance's local tasks. Reads take the thread's query lock, so a task cannot be
/// closed (and its RocksDB handle freed) in the middle of a read, nor process a record meanwhile; range results are materialized
/// under that lock, and values of caching stores are copies of the cached instances.
/// </summary>
internal sealed class LocalStoreView<TKey, TValue>(StreamThread thread, string storeName) : IReadOnlyKeyValueStore<TKey, TValue>
{
    public long ApproximateCount => Read(stores => stores.Sum(s => s.ApproximateCount));

    public bool TryGet(TKey key, out TValue value)
    {
        var found = Read(stores =>
        {
            foreach (var store in stores)
            {
                var found = store is IQueryableSnapshotStore<TKey, TValue> snapshots
                    ? snapshots.TryGetSnapshot(key, out var v)
                    : store.TryGet(key, out v);
                if (found)
                {
                    return (true, v);
                }
            }

            return (false, default(TValue)!);
        });
        value = found.Item2;
        return found.Item1;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to) =>
        Read(stores => stores.SelectMany(s => s is IQueryableSnapshotStore<TKey, TValue> snapshots ? snapshots.RangeSnapshot(from, to) : s.Range(from, to))
            .ToList());

    public IEnumerable<KeyValuePair<TKey, TValue>> All() =>
        Read(stores => stores.SelectMany(s => s is IQueryableSnapshotStore<TKey, TValue> snapshots ? snapshots.AllSnapshot() : s.All()).ToList());

    private TResult Read<TResult>(Func<List<IKeyValueStore<TKey, TValue>>, TResult> query)
    {
        var queryLock = thread.QueryLock;
        queryLock.EnterReadLock();
        try
        {
            var stores = new List<IKeyValueStore<TKey, TValue>>();
            foreach (var task in thread.TaskSnapshot)
            {
                if (task.GetStore(storeName) is { } store)
                {
                    stores.Add(store as IKeyValueStore<TKey, TValue>
                        ?? throw new InvalidStateStoreException($"Store {storeName} is not an IKeyValueStore<{typeof(TKey).Name}, {typeof(TValue).Name}>."));
                }
            }

            return query(stores);
        }
        finally
        {
            queryLock.ExitReadLock();
        }
    }
}
