using Confluent.Kafka;

namespace StreamReco.Streams;

/// <summary>
/// One record flowing through a topology: key, value, timestamp (milliseconds since the Unix epoch) and optional headers.
/// A value type so forwarding does not allocate.
/// </summary>
public readonly record struct Record<TKey, TValue>(TKey Key, TValue Value, long TimestampMs, Headers? Headers = null)
{
    public Record<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(Key, value, TimestampMs, Headers);

    public Record<TNewKey, TValue> WithKey<TNewKey>(TNewKey key) => new(key, Value, TimestampMs, Headers);

    public Record<TKey, TValue> WithTimestamp(long timestampMs) => new(Key, Value, timestampMs, Headers);
}
