namespace StreamReco.Scoring.Serving;

/// <summary>
/// An explicit request for a user's list on recommendation.requests (key = user id, value = this record as JSON,
/// see <see cref="RecommendationRequestSerde"/>). <paramref name="RequestedAt"/> (epoch ms) is the time features are
/// evaluated at; the answer on recommendations carries <paramref name="RequestId"/>.
/// </summary>
public sealed record RecommendationRequest(string RequestId, string UserId, long RequestedAt);
