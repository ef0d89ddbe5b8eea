namespace StreamReco.Streams.State;

/// <summary>Factory for store builders.</summary>
public static class Stores
{
    /// <summary>RocksDB-backed, change-logged key-value store.</summary>
    public static KeyValueStoreBuilder<TKey, TValue> PersistentKeyValueStore<TKey, TValue>(
        string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde) =>
        new(name, keySerde, valueSerde, persistent: true, loggingEnabled: true);

    /// <summary>In-memory, change-logged key-value store (restored from the changelog on every assignment).</summary>
    public static KeyValueStoreBuilder<TKey, TValue> InMemoryKeyValueStore<TKey, TValue>(
        string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde) =>
        new(name, keySerde, valueSerde, persistent: false, loggingEnabled: true);
}
