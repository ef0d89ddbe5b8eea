using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas;

/// <summary>
/// Domain checks on a decoded <see cref="ClickEvent"/>: non-empty ids, a defined behaviour, and an event time between
/// 2000-01-01 and now + the allowed clock skew. Processors call it right after decoding; failures are
/// <see cref="DecodeFailure.InvalidValue"/> so they share the dead-letter route of undecodable bytes.
/// </summary>
public sealed class ClickEventValidator
{
    /// <summary>Earliest accepted event time: 2000-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset EarliestEventTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Default tolerance for producer clocks running ahead of ours.</summary>
    public static readonly TimeSpan DefaultMaxFutureSkew = TimeSpan.FromHours(1);

    private static readonly long EarliestMillis = EarliestEventTime.ToUnixTimeMilliseconds();

    private readonly TimeProvider _time;
    private readonly long _maxFutureSkewMillis;

    public ClickEventValidator(TimeProvider time, TimeSpan? maxFutureSkew = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var skew = maxFutureSkew ?? DefaultMaxFutureSkew;
        ArgumentOutOfRangeException.ThrowIfLessThan(skew, TimeSpan.Zero, nameof(maxFutureSkew));
        _time = time;
        MaxFutureSkew = skew;
        _maxFutureSkewMillis = (long)skew.TotalMilliseconds;
    }

    public TimeSpan MaxFutureSkew { get; }

    /// <summary>Throws <see cref="MessageDecodeException"/> with <see cref="DecodeFailure.InvalidValue"/> when the event is not acceptable.</summary>
    public void Validate(ClickEvent clickEvent)
    {
        var reason = Check(clickEvent);
        if (reason is not null)
        {
            throw new MessageDecodeException(DecodeFailure.InvalidValue, $"Invalid ClickEvent {clickEvent?.EventId}: {reason}.");
        }
    }

    /// <summary>Returns null when the event is acceptable, otherwise why not.</summary>
    public string? Check(ClickEvent clickEvent)
    {
        if (clickEvent is null)
        {
            return "event is null";
        }

        if (string.IsNullOrWhiteSpace(clickEvent.EventId))
        {
            return "empty event_id";
        }

        if (string.IsNullOrWhiteSpace(clickEvent.UserId))
        {
            return "empty user_id";
        }

        if (string.IsNullOrWhiteSpace(clickEvent.ItemId))
        {
            return "empty item_id";
        }

        if (string.IsNullOrWhiteSpace(clickEvent.CategoryId))
        {
            return "empty category_id";
        }

        if (clickEvent.SessionId is not null && string.IsNullOrWhiteSpace(clickEvent.SessionId))
        {
            return "session_id is present but empty";
        }

        if (!Enum.IsDefined(clickEvent.Behavior))
        {
            return $"undefined behavior {(int)clickEvent.Behavior}";
        }

        if (clickEvent.EventTime < EarliestMillis)
        {
            return $"event_time {clickEvent.EventTime} is before {EarliestEventTime:O}";
        }

        var latest = _time.GetUtcNow().ToUnixTimeMilliseconds() + _maxFutureSkewMillis;
        if (clickEvent.EventTime > latest)
        {
            return $"event_time {clickEvent.EventTime} is more than {MaxFutureSkew} ahead of now";
        }

        return null;
    }
}
