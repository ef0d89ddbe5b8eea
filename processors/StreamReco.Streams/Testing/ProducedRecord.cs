using Confluent.Kafka;

namespace StreamReco.Streams.Testing;

/// <summary>Raw bytes written to a topic inside the test driver.</summary>
internal sealed record ProducedRecord(string Topic, int Partition, long Offset, byte[]? Key, byte[]? Value, Headers Headers, long TimestampMs);
