using StreamReco.Streams.State;

namespace StreamReco.Streams.Engine;

/// <summary>
/// Interactive-query view of one store across the instance's local tasks, on every stream thread. Reads take each thread's query
/// lock in turn, so a task cannot be closed (and its RocksDB handle freed) in the middle of a read, nor process a record meanwhile;
/// range results are materialized under that lock, and values of caching stores are copies of the cached instances.
/// </summary>
internal sealed class LocalStoreView<TKey, TValue>(IReadOnlyList<StreamThread> threads, string storeName) : IReadOnlyKeyValueStore<TKey, TValue>
{
    public long ApproximateCount => threads.Sum(thread => Read(thread, stores => stores.Sum(s => s.ApproximateCount)));

    public bool TryGet(TKey key, out TValue value)
    {
        foreach (var thread in threads)
        {
            var found = Read(thread, stores =>
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
            if (found.Item1)
            {
                value = found.Item2;
                return true;
            }
        }

        value = default!;
        return false;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to) =>
        threads.SelectMany(thread => Read(thread, stores => stores
            .SelectMany(s => s is IQueryableSnapshotStore<TKey, TValue> snapshots ? snapshots.RangeSnapshot(from, to) : s.Range(from, to))
            .ToList())).ToList();

    public IEnumerable<KeyValuePair<TKey, TValue>> All() =>
        threads.SelectMany(thread => Read(thread, stores => stores
            .SelectMany(s => s is IQueryableSnapshotStore<TKey, TValue> snapshots ? snapshots.AllSnapshot() : s.All())
            .ToList())).ToList();

    private TResult Read<TResult>(StreamThread thread, Func<List<IKeyValueStore<TKey, TValue>>, TResult> query)
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
