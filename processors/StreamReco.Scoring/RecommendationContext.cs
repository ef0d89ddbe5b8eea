namespace StreamReco.Scoring;

/// <summary>
/// One recommendation request. <paramref name="AsOf"/> is the time features are evaluated at (epoch ms): the triggering
/// event's time for event-driven lists (as the training snapshot of that event would use), the request time otherwise.
/// </summary>
public sealed record RecommendationContext(string UserId, long AsOf, string? RequestId = null, string? TriggerEventId = null);
