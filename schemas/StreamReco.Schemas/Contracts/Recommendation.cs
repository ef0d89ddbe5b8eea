namespace StreamReco.Schemas.Contracts;

/// <summary>Top-N recommendations for one user (schemas/Recommendation.avsc).</summary>
public sealed record Recommendation(
    string UserId,
    string? RequestId,
    string? TriggerEventId,
    long GeneratedAt,
    string ModelVersion,
    string Strategy,
    string Segment,
    string? FallbackReason,
    IReadOnlyList<RecommendedItem> Items);
