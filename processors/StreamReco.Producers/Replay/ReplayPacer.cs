using System.Runtime.CompilerServices;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Producers.Replay;

/// <summary>
/// Paces a replay by event time: the event at event time t is released at start + (t - t0) / speed-up, where t0 is
/// the first event's time and start the wall-clock moment it was released. Events behind schedule (or older than t0)
/// are released at once, so a slow consumer catches up instead of drifting. <see cref="AsFastAsPossible"/> never waits.
/// </summary>
public sealed class ReplayPacer
{
    private readonly TimeProvider _time;
    private long? _firstEventTime;
    private long _startTimestamp;

    public ReplayPacer(TimeProvider time, double speedUp)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (double.IsNaN(speedUp) || speedUp <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(speedUp), speedUp, "Speed-up must be positive (PositiveInfinity = as fast as possible).");
        }

        _time = time;
        SpeedUp = speedUp;
    }

    /// <summary>Event-time seconds replayed per wall-clock second; PositiveInfinity when unpaced.</summary>
    public double SpeedUp { get; }

    public bool IsPaced => !double.IsPositiveInfinity(SpeedUp);

    public static ReplayPacer AsFastAsPossible(TimeProvider? time = null) => new(time ?? TimeProvider.System, double.PositiveInfinity);

    /// <summary>How long until the event at <paramref name="eventTime"/> (epoch ms) is due; zero when due now. Anchors the schedule on the first call.</summary>
    public TimeSpan DelayUntilDue(long eventTime)
    {
        if (!IsPaced)
        {
            return TimeSpan.Zero;
        }

        if (_firstEventTime is not { } first)
        {
            _firstEventTime = eventTime;
            _startTimestamp = _time.GetTimestamp();
            return TimeSpan.Zero;
        }

        var dueAfter = TimeSpan.FromMilliseconds((eventTime - first) / SpeedUp);
        var delay = dueAfter - _time.GetElapsedTime(_startTimestamp);
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }

    /// <summary>Completes when the event at <paramref name="eventTime"/> is due (immediately if it already is).</summary>
    public Task WaitUntilDueAsync(long eventTime, CancellationToken cancellationToken = default)
    {
        var delay = DelayUntilDue(eventTime);
        return delay == TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _time, cancellationToken);
    }

    /// <summary>Yields each event when it is due.</summary>
    public async IAsyncEnumerable<ClickEvent> PaceAsync(IEnumerable<ClickEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var clickEvent in events)
        {
            await WaitUntilDueAsync(clickEvent.EventTime, cancellationToken).ConfigureAwait(false);
            yield return clickEvent;
        }
    }
}
