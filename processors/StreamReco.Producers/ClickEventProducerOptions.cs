using StreamReco.Kafka;

namespace StreamReco.Producers;

/// <summary>Settings of <see cref="ClickEventProducer"/>. Reliability settings (idempotence, acks=all) are not optional.</summary>
public sealed record ClickEventProducerOptions
{
    public required string BootstrapServers { get; init; }

    public string Topic { get; init; } = TopicNames.Clicks;

    public string ClientId { get; init; } = "streamreco-producer";

    public int LingerMs { get; init; } = 5;

    /// <summary>librdkafka compression codec name: lz4 (default), zstd, snappy, gzip or none.</summary>
    public string Compression { get; init; } = "lz4";

    /// <summary>How long Flush (and Dispose) wait for outstanding deliveries.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Minimum wall-clock time between progress callbacks.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throw <see cref="ClickEventDeliveryException"/> from ProduceAllAsync as soon as a delivery failed (default), instead of only reporting it.</summary>
    public bool ThrowOnDeliveryFailure { get; init; } = true;

    /// <summary>Extra librdkafka settings, applied last (e.g. security settings); cannot weaken idempotence or acks.</summary>
    public IReadOnlyDictionary<string, string>? ExtraConfig { get; init; }
}
