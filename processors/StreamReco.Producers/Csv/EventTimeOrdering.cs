using StreamReco.Schemas.Contracts;

namespace StreamReco.Producers.Csv;

/// <summary>Puts a clickstream that may be unsorted (the Taobao dataset is sorted by user, not time) into event-time order.</summary>
public static class EventTimeOrdering
{
    /// <summary>Rough managed size of one short-id ClickEvent with its strings, for sizing <c>maxEvents</c>.</summary>
    public const int ApproximateBytesPerEvent = 300;

    /// <summary>
    /// Loads up to <paramref name="maxEvents"/> events and returns them stably sorted by event time (ties keep input order).
    /// Memory is about <see cref="ApproximateBytesPerEvent"/> × events (10 M events ≈ 3 GB); more events than the bound
    /// is an error, not a truncation: use <see cref="ReorderBuffer"/> for larger inputs.
    /// </summary>
    public static IReadOnlyList<ClickEvent> SortInMemory(IEnumerable<ClickEvent> events, int maxEvents)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEvents);
        var buffer = new List<ClickEvent>();
        foreach (var clickEvent in events)
        {
            if (buffer.Count == maxEvents)
            {
                throw new InvalidOperationException(
                    $"More than {maxEvents} events to sort in memory; raise the bound or replay through a ReorderBuffer.");
            }

            buffer.Add(clickEvent);
        }

        return buffer.OrderBy(e => e.EventTime).ToArray();
    }
}
