using Confluent.Kafka;

namespace StreamReco.Producers;

/// <summary>An event the broker did not acknowledge, with the Kafka error.</summary>
public sealed record DeliveryFailure(string EventId, string Key, ErrorCode Code, string Reason, bool IsFatal);
