namespace StreamReco.Streams.State;

/// <summary>Builds <see cref="IKeyValueStore{TKey, TValue}"/> instances for tasks.</summary>
public sealed class KeyValueStoreBuilder<TKey, TValue> : StoreBuilder
{
    internal KeyValueStoreBuilder(string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, bool persistent, bool loggingEnabled)
        : base(name, persistent, loggingEnabled)
    {
        KeySerde = keySerde;
        ValueSerde = valueSerde;
    }

    public ISerde<TKey> KeySerde { get; }

    public ISerde<TValue> ValueSerde { get; }

    /// <summary>Same store without a changelog: state is lost with the instance (and not restored elsewhere).</summary>
    public KeyValueStoreBuilder<TKey, TValue> WithLoggingDisabled() => new(Name, KeySerde, ValueSerde, Persistent, loggingEnabled: false);

    internal override IStateStore Build(IKeyValueBytesStore layered, string applicationId) =>
        new MeteredKeyValueStore<TKey, TValue>(layered, KeySerde, ValueSerde, applicationId);
}
