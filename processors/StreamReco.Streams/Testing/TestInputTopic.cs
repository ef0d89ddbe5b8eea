using Confluent.Kafka;

namespace StreamReco.Streams.Testing;

/// <summary>Pipes records into a topic of a <see cref="TopologyTestDriver"/>; each pipe is processed synchronously to completion.</summary>
public sealed class TestInputTopic<TKey, TValue>
{
    private readonly TopologyTestDriver _driver;
    private readonly ISerde<TKey> _keySerde;
    private readonly ISerde<TValue> _valueSerde;

    internal TestInputTopic(TopologyTestDriver driver, string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        _driver = driver;
        Topic = topic;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
    }

    public string Topic { get; }

    /// <summary>Pipes one record with an explicit timestamp (ms since epoch).</summary>
    public void PipeInput(TKey key, TValue value, long timestampMs, Headers? headers = null) =>
        _driver.Pipe(
            Topic,
            key is null ? null : _keySerde.Serialize(key),
            value is null ? null : _valueSerde.Serialize(value),
            timestampMs,
            headers);

    /// <summary>Pipes one record stamped with the driver's current wall-clock time.</summary>
    public void PipeInput(TKey key, TValue value) => PipeInput(key, value, _driver.WallClockMs);

    /// <summary>Pipes raw bytes, e.g. a corrupt payload to exercise the dead-letter route.</summary>
    public void PipeRawInput(byte[]? key, byte[]? value, long timestampMs, Headers? headers = null) =>
        _driver.Pipe(Topic, key, value, timestampMs, headers);
}
