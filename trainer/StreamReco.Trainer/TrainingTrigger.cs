namespace StreamReco.Trainer;

/// <summary>
/// Decides when to train: on a request (always), when at least <c>minNewRows</c> rows arrived since the last run, or when the
/// schedule interval elapsed since the last run and there is any new row. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class TrainingTrigger
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly int _minNewRows;
    private DateTimeOffset _lastRun;
    private string? _pendingRequest;

    public TrainingTrigger(TimeProvider time, TimeSpan interval, int minNewRows)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(minNewRows, 1);
        _time = time;
        _interval = interval;
        _minNewRows = minNewRows;
        _lastRun = time.GetUtcNow();
    }

    public int NewRows { get; private set; }

    public void RecordNewRows(int rows) => NewRows += Math.Max(0, rows);

    public void Request(string reason) => _pendingRequest ??= string.IsNullOrWhiteSpace(reason) ? "unspecified" : reason;

    /// <summary>The reason to train now, or <see cref="TrainingTriggerReason.None"/>.</summary>
    public TrainingTriggerReason Due(out string detail)
    {
        if (_pendingRequest is not null)
        {
            detail = _pendingRequest;
            return TrainingTriggerReason.Request;
        }

        if (NewRows >= _minNewRows)
        {
            detail = NewRows + " new rows";
            return TrainingTriggerReason.NewData;
        }

        if (NewRows > 0 && _time.GetUtcNow() - _lastRun >= _interval)
        {
            detail = "interval " + _interval + " elapsed";
            return TrainingTriggerReason.Schedule;
        }

        detail = string.Empty;
        return TrainingTriggerReason.None;
    }

    /// <summary>Resets the counters after a run (successful or not, so a failing run is not retried in a tight loop).</summary>
    public void MarkRun()
    {
        _lastRun = _time.GetUtcNow();
        NewRows = 0;
        _pendingRequest = null;
    }
}
