namespace StreamReco.Schemas.Contracts;

/// <summary>Windowed features of one user as of an event time (schemas/UserFeatures.avsc).</summary>
public sealed record UserFeatures(
    string UserId,
    long AsOf,
    BehaviorCounts Counts1h,
    BehaviorCounts Counts24h,
    BehaviorCounts Counts7d,
    IReadOnlyList<CategoryShare> TopCategories,
    long LastEventTime,
    double SecondsSincePreviousEvent,
    int SessionCount7d,
    int RecencyScore,
    int FrequencyScore,
    int MonetaryScore,
    UserSegment Segment);
