using System.Diagnostics.Tracing;

namespace StreamReco.Benchmarks;

/// <summary>
/// Longest and total garbage-collection pause of this process while listening, from the runtime's own GC events
/// (execution suspended for a GC until it restarts), so a latency tail can be told apart from GC pauses.
/// </summary>
public sealed class GcPauseListener : EventListener
{
    private const int SuspendBegin = 9;
    private const int RestartEnd = 3;
    private const long GcKeyword = 0x1;
    private readonly Lock _lock = new();
    private DateTime? _suspendedAt;
    private TimeSpan _longest;
    private TimeSpan _total;
    private int _pauses;

    public (TimeSpan Longest, TimeSpan Total, int Pauses) Read()
    {
        lock (_lock)
        {
            return (_longest, _total, _pauses);
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        lock (_lock)
        {
            if (eventData.EventId == SuspendBegin)
            {
                _suspendedAt = eventData.TimeStamp;
            }
            else if (eventData.EventId == RestartEnd && _suspendedAt is { } suspendedAt)
            {
                var pause = eventData.TimeStamp - suspendedAt;
                _suspendedAt = null;
                _pauses++;
                _total += pause;
                if (pause > _longest)
                {
                    _longest = pause;
                }
            }
        }
    }
}
