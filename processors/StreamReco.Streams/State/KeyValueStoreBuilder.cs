namespace StreamReco.Streams.State;

/// <summary>Builds <see cref="IKeyValueStore{TKey, TValue}"/> instances for tasks.</summary>
public sealed class KeyValueStoreBuilder<TKey, TValue> : StoreBuilder
{
    internal KeyValueStoreBuilder(
        string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, bool persistent, bool loggingEnabled, int cacheMaxEntries = 0)
        : base(name, persistent, loggingEnabled)
    {
        KeySerde = keySerde;
        ValueSerde = valueSerde;
        CacheMaxEntries = cacheMaxEntries;
    }

    public ISerde<TKey> KeySerde { get; }

    public ISerde<TValue> ValueSerde { get; }

    /// <summary>Capacity of the record cache in entries; 0 when caching is disabled.</summary>
    public int CacheMaxEntries { get; }

    /// <summary>Same store without a changelog: state is lost with the instance (and not restored elsewhere).</summary>
    public KeyValueStoreBuilder<TKey, TValue> WithLoggingDisabled() =>
        new(Name, KeySerde, ValueSerde, Persistent, loggingEnabled: false, CacheMaxEntries);

    /// <summary>
    /// Same store with a record cache of up to <paramref name="maxEntries"/> deserialized values: repeated updates of a key between
    /// commits are serialized and change-logged once, at the commit (or when the entry is evicted). Processors get the cached
    /// instances, so they must Put every value they mutate (which they must anyway for the change to be stored).
    /// </summary>
    public KeyValueStoreBuilder<TKey, TValue> WithCaching(int maxEntries = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        return new(Name, KeySerde, ValueSerde, Persistent, LoggingEnabled, maxEntries);
    }

    internal override IStateStore Build(IKeyValueBytesStore layered, string applicationId) =>
        CacheMaxEntries > 0
            ? new CachingKeyValueStore<TKey, TValue>(layered, KeySerde, ValueSerde, applicationId, CacheMaxEntries)
            : new MeteredKeyValueStore<TKey, TValue>(layered, KeySerde, ValueSerde, applicationId);
}
