using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamReco.Benchmarks;

/// <summary>
/// What the garbage collector did in this process while listening, from the runtime's own GC events: the pauses (execution
/// suspended for a GC until it restarts), so a latency tail can be told apart from them; the bytes each collection promoted
/// (what survived it), which tell whether a pause's cost comes from survivors; and the allocated bytes per type (allocation
/// ticks, one per ~100 KB), which tell what drives the collections.
/// </summary>
public sealed partial class GcActivityListener : EventListener
{
    private const int RestartEnd = 3;
    private const int SuspendBegin = 9;
    private const int AllocationTick = 10;
    private const int HeapStats = 4;
    private const long GcKeyword = 0x1;
    private static readonly string[] PromotedSizeFields = ["TotalPromotedSize0", "TotalPromotedSize1", "TotalPromotedSize2"];
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _allocatedBytes = new(StringComparer.Ordinal);
    private DateTime? _suspendedAt;
    private TimeSpan _longest;
    private TimeSpan _total;
    private int _pauses;
    private long _promotedBytes;
    private int _collections;

    public (TimeSpan Longest, TimeSpan Total, int Pauses) ReadPauses()
    {
        lock (_lock)
        {
            return (_longest, _total, _pauses);
        }
    }

    /// <summary>Bytes promoted (survivors moved to an older generation) per collection, on average.</summary>
    public long PromotedBytesPerCollection()
    {
        lock (_lock)
        {
            return _promotedBytes / Math.Max(1, _collections);
        }
    }

    /// <summary>The <paramref name="count"/> types with most allocated bytes, with their shares.</summary>
    public string TopAllocatedTypes(int count)
    {
        lock (_lock)
        {
            var total = Math.Max(1, _allocatedBytes.Values.Sum());
            return string.Join(", ", _allocatedBytes.OrderByDescending(kv => kv.Value).Take(count).Select(kv =>
                string.Create(CultureInfo.InvariantCulture, $"{ShortName(kv.Key)} {kv.Value * 100.0 / total:F0}%")));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            // Verbose: allocation ticks are verbose events; the suspend and restart events come at any level.
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        lock (_lock)
        {
            switch (eventData.EventId)
            {
                case SuspendBegin:
                    _suspendedAt = eventData.TimeStamp;
                    break;
                case RestartEnd when _suspendedAt is { } suspendedAt:
                    var pause = eventData.TimeStamp - suspendedAt;
                    _suspendedAt = null;
                    _pauses++;
                    _total += pause;
                    _longest = pause > _longest ? pause : _longest;
                    break;
                case AllocationTick:
                    CountAllocation(eventData);
                    break;
                case HeapStats:
                    CountPromotion(eventData);
                    break;
            }
        }
    }

    // "System.Collections.Generic.List`1[System.String]" -> "List`1[String]".
    private static string ShortName(string type) => Namespaces().Replace(type, string.Empty);

    [GeneratedRegex(@"(\w+\.)+")]
    private static partial Regex Namespaces();

    private void CountPromotion(EventWrittenEventArgs eventData)
    {
        if (eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        _collections++;
        foreach (var generation in PromotedSizeFields)
        {
            var index = names.IndexOf(generation);
            _promotedBytes += index >= 0 ? Convert.ToInt64(payload[index], CultureInfo.InvariantCulture) : 0;
        }
    }

    private void CountAllocation(EventWrittenEventArgs eventData)
    {
        if (eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var typeIndex = names.IndexOf("TypeName");
        var amountIndex = names.IndexOf("AllocationAmount64");
        var type = typeIndex >= 0 ? payload[typeIndex] as string ?? "?" : "?";
        var bytes = amountIndex >= 0 ? Convert.ToInt64(payload[amountIndex], CultureInfo.InvariantCulture) : 0;
        _allocatedBytes[type] = _allocatedBytes.GetValueOrDefault(type) + bytes;
    }
}
