namespace StreamReco.Features.Processing;

/// <summary>
/// Headers added to click events routed to <c>events.late</c> (value = the original ClickEvent, key = its user id;
/// the original headers are kept).
/// </summary>
public static class LateEventHeaders
{
    /// <summary>Which aggregate did not fold the event: <see cref="UserAggregate"/> or <see cref="ItemAggregate"/>.</summary>
    public const string Aggregate = "late.aggregate";

    /// <summary>The task's stream time (ms) when the event was judged late.</summary>
    public const string StreamTime = "late.stream.time";

    /// <summary>The grace period (ms) that was exceeded.</summary>
    public const string GraceMs = "late.grace.ms";

    public const string UserAggregate = "user";
    public const string ItemAggregate = "item";
}
