namespace StreamReco.Kafka;

/// <summary>Names of the pipeline's topics. One place, so services and tools agree.</summary>
public static class TopicNames
{
    public const string Clicks = "events.clicks";
    public const string ClicksDeadLetter = "events.clicks.dlq";
    public const string LateEvents = "events.late";
    public const string UserFeatures = "features.user";
    public const string ItemFeatures = "features.item";
    public const string DriftMetrics = "metrics.drift";
    public const string TrainingSnapshots = "training.snapshots";
    public const string TrainerRequests = "trainer.requests";
    public const string ModelVersions = "models.versions";
    public const string RecommendationRequests = "recommendation.requests";
    public const string RecommendationRequestsDeadLetter = "recommendation.requests.dlq";
    public const string UserFeaturesDeadLetter = "features.user.dlq";
    public const string Recommendations = "recommendations";
}
