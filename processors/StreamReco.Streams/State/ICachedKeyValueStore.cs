namespace StreamReco.Streams.State;

/// <summary>
/// A key-value store with a record cache (<see cref="KeyValueStoreBuilder{TKey, TValue}.WithCaching"/>). Its flush listener
/// hears of each dirty entry when the cache writes it below, at every commit and on eviction, once per key however often the
/// key was written since: Kafka Streams' cache flush listener, through which KTable aggregations forward deduplicated updates.
/// </summary>
public interface ICachedKeyValueStore<TKey, TValue> : IKeyValueStore<TKey, TValue>
{
    /// <summary>
    /// Calls <paramref name="listener"/> with (key, newest value), or (key, default) for a delete, for each entry written below,
    /// on the task's thread, after the store has released its lock (so the listener may read and write stores). Entries
    /// flushed together are reported in the order they were first dirtied. One listener per store; a second call replaces it.
    /// </summary>
    void SetFlushListener(Action<TKey, TValue?> listener);
}
