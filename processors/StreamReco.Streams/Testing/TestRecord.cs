using Confluent.Kafka;

namespace StreamReco.Streams.Testing;

/// <summary>A record read from a <see cref="TestOutputTopic{TKey, TValue}"/>. Value is default for tombstones.</summary>
public sealed record TestRecord<TKey, TValue>(TKey Key, TValue Value, long TimestampMs, Headers Headers, int Partition)
{
    /// <summary>UTF-8 value of the last header named <paramref name="key"/>, or null.</summary>
    public string? HeaderString(string key) =>
        Headers.TryGetLastBytes(key, out var bytes) ? System.Text.Encoding.UTF8.GetString(bytes) : null;
}
