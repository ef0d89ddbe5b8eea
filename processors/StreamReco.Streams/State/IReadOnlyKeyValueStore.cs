namespace StreamReco.Streams.State;

/// <summary>Read side of a key-value store; what interactive queries return.</summary>
public interface IReadOnlyKeyValueStore<TKey, TValue>
{
    /// <summary>The value for <paramref name="key"/>, or false when absent.</summary>
    bool TryGet(TKey key, out TValue value);

    /// <summary>Keys from <paramref name="from"/> to <paramref name="to"/> inclusive, in serialized-key byte order. Dispose (foreach does).</summary>
    IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to);

    /// <summary>Every entry in serialized-key byte order.</summary>
    IEnumerable<KeyValuePair<TKey, TValue>> All();

    /// <summary>Estimated number of entries (exact for in-memory stores).</summary>
    long ApproximateCount { get; }
}
