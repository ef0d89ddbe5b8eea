namespace StreamReco.Streams.State;

/// <summary>The innermost layer: raw bytes, ordered by unsigned lexicographic key order. Implementations are thread-safe for one writer and many readers.</summary>
public interface IKeyValueBytesStore : IDisposable
{
    string Name { get; }

    byte[]? Get(byte[] key);

    /// <summary>Stores <paramref name="value"/>, or deletes the key when it is null.</summary>
    void Put(byte[] key, byte[]? value);

    /// <summary>Removes the key and returns the old value (null when absent).</summary>
    byte[]? Delete(byte[] key);

    /// <summary>Entries with <paramref name="from"/> &lt;= key &lt;= <paramref name="to"/>; null bounds are open.</summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[]? from, byte[]? to);

    long ApproximateCount { get; }

    void Flush();
}
