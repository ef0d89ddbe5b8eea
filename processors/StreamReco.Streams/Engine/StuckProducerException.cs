namespace StreamReco.Streams.Engine;

/// <summary>
/// A transactional producer call did not return within the transaction timeout. librdkafka's send_offsets_to_transaction can
/// block past its own timeout when the group coordinator broker went away and came back (librdkafka issues 5456 and 5511:
/// the coordinator request waits on the state of a decommissioned broker object). The producer is unusable from then on: the
/// call cannot be cancelled and no other transactional call may start while it is in flight.
/// </summary>
internal sealed class StuckProducerException(string message) : Exception(message);
