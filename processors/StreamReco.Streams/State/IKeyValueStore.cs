namespace StreamReco.Streams.State;

/// <summary>A task-local key-value store: serialized, change-logged (if enabled) and metered.</summary>
public interface IKeyValueStore<TKey, TValue> : IStateStore, IReadOnlyKeyValueStore<TKey, TValue>
{
    /// <summary>The value for <paramref name="key"/>, or default when absent.</summary>
    TValue? Get(TKey key);

    /// <summary>Stores <paramref name="value"/>; a null value deletes the key.</summary>
    void Put(TKey key, TValue value);

    /// <summary>Removes the key; returns whether it existed.</summary>
    bool Delete(TKey key);
}
