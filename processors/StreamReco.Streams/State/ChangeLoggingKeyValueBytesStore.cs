using StreamReco.Streams.Internal;

namespace StreamReco.Streams.State;

/// <summary>Writes every put/delete to the store's compacted changelog, into the task's partition, then to the inner store.</summary>
internal sealed class ChangeLoggingKeyValueBytesStore(
    IKeyValueBytesStore inner,
    IRecordCollector collector,
    string changelogTopic,
    int partition,
    Func<long> timestampMs) : IKeyValueBytesStore
{
    public string Name => inner.Name;

    public long ApproximateCount => inner.ApproximateCount;

    public byte[]? Get(byte[] key) => inner.Get(key);

    public void Put(byte[] key, byte[]? value)
    {
        inner.Put(key, value);
        collector.Send(changelogTopic, partition, key, value, null, timestampMs());
    }

    public byte[]? Delete(byte[] key)
    {
        var old = inner.Delete(key);
        collector.Send(changelogTopic, partition, key, null, null, timestampMs());
        return old;
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[]? from, byte[]? to) => inner.Range(from, to);

    public void Flush() => inner.Flush();

    public void Dispose() => inner.Dispose();
}
