namespace StreamReco.Schemas.Contracts;

/// <summary>One user interaction with an item (schemas/ClickEvent.avsc). Times are UTC epoch milliseconds.</summary>
public sealed record ClickEvent(
    string EventId,
    string UserId,
    string ItemId,
    string CategoryId,
    Behavior Behavior,
    long EventTime,
    string? SessionId = null);
