using System.Diagnostics;
using Prometheus;

namespace StreamReco.Streams.State;

/// <summary>Typed, metered facade over the bytes layers; what processors get from <c>GetStateStore</c>.</summary>
internal sealed class MeteredKeyValueStore<TKey, TValue> : IKeyValueStore<TKey, TValue>
{
    private readonly IKeyValueBytesStore _inner;
    private readonly ISerde<TKey> _keySerde;
    private readonly ISerde<TValue> _valueSerde;
    private readonly Histogram.Child _putLatency;
    private readonly Histogram.Child _getLatency;

    public MeteredKeyValueStore(IKeyValueBytesStore inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, string applicationId)
    {
        _inner = inner;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
        _putLatency = StreamsMetrics.StorePutLatency.WithLabels(applicationId, inner.Name);
        _getLatency = StreamsMetrics.StoreGetLatency.WithLabels(applicationId, inner.Name);
    }

    public string Name => _inner.Name;

    public long ApproximateCount => _inner.ApproximateCount;

    public TValue? Get(TKey key) => TryGet(key, out var value) ? value : default;

    public bool TryGet(TKey key, out TValue value)
    {
        var start = Stopwatch.GetTimestamp();
        var bytes = _inner.Get(_keySerde.Serialize(key));
        var found = bytes is not null;
        value = found ? _valueSerde.Deserialize(bytes) : default!;
        _getLatency.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        return found;
    }

    public void Put(TKey key, TValue value)
    {
        var start = Stopwatch.GetTimestamp();
        _inner.Put(_keySerde.Serialize(key), value is null ? null : _valueSerde.Serialize(value));
        _putLatency.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    public bool Delete(TKey key)
    {
        var start = Stopwatch.GetTimestamp();
        var existed = _inner.Delete(_keySerde.Serialize(key)) is not null;
        _putLatency.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        return existed;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to) =>
        Decode(_inner.Range(_keySerde.Serialize(from), _keySerde.Serialize(to)));

    public IEnumerable<KeyValuePair<TKey, TValue>> All() => Decode(_inner.Range(null, null));

    public void Flush() => _inner.Flush();

    private IEnumerable<KeyValuePair<TKey, TValue>> Decode(IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        foreach (var entry in entries)
        {
            yield return new KeyValuePair<TKey, TValue>(_keySerde.Deserialize(entry.Key), _valueSerde.Deserialize(entry.Value));
        }
    }
}
