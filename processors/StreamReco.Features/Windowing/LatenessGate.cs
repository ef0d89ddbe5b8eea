namespace StreamReco.Features.Windowing;

/// <summary>
/// Per-task admission of records by event time: tracks stream time and classifies each record as on time or LATE
/// (every window it belongs to under <see cref="Windows"/> is closed). The caller folds on-time records and routes late ones
/// to the late-events topic; nothing is dropped here.
/// </summary>
public sealed class LatenessGate
{
    private readonly StreamTimeTracker _streamTime = new();

    public LatenessGate(WindowDefinition windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        Windows = windows;
    }

    /// <summary>
    /// The feature processors' default: the shortest feature window (1 hour, hopping by 1 minute, the 1h bucket size)
    /// with <see cref="WindowDefinition.DefaultGrace"/>. A record is late once its 1h counts could no longer be emitted
    /// correctly, i.e. when it is more than about 1 hour + grace behind stream time.
    /// </summary>
    public static HoppingWindows DefaultFeatureWindows(TimeSpan? grace = null) =>
        new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), grace ?? WindowDefinition.DefaultGrace);

    public WindowDefinition Windows { get; }

    /// <summary>Largest event time seen by this task (including late records, which never move it anyway).</summary>
    public long StreamTime => _streamTime.Current;

    public long LateCount { get; private set; }

    /// <summary>True when the record is on time (and stream time has advanced to it); false when it is late.</summary>
    public bool Admit(long eventTime)
    {
        if (Windows.IsLate(eventTime, _streamTime.Current))
        {
            LateCount++;
            return false;
        }

        _streamTime.Observe(eventTime);
        return true;
    }

    /// <summary>Restores stream time after a restart (e.g. from the newest event time in restored state); it never moves back.</summary>
    public void RestoreStreamTime(long streamTime) => _streamTime.Observe(streamTime);
}
