using StreamReco.Schemas.Contracts;

namespace StreamReco.Producers.Csv;

/// <summary>An event that reached a <see cref="ReorderBuffer"/> after a later event had already been released.</summary>
public sealed record LateEvent(ClickEvent Event, long LatestReleasedEventTime)
{
    public TimeSpan Lateness => TimeSpan.FromMilliseconds(LatestReleasedEventTime - Event.EventTime);
}
