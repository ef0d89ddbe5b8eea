namespace StreamReco.Kafka;

/// <summary>The pipeline's external topics with their partition counts and cleanup policies.</summary>
public static class PipelineTopics
{
    /// <summary>Default partition count of the keyed, high-volume topics; the unit of parallelism of the processors.</summary>
    public const int DefaultPartitions = 4;

    public static IReadOnlyList<TopicSpec> All(int partitions = DefaultPartitions) =>
    [
        new(TopicNames.Clicks, partitions),
        new(TopicNames.ClicksDeadLetter, 1),
        new(TopicNames.LateEvents, 1),
        new(TopicNames.UserFeatures, partitions, Compacted: true),
        new(TopicNames.ItemFeatures, partitions, Compacted: true),
        new(TopicNames.DriftMetrics, 1),
        new(TopicNames.TrainingSnapshots, partitions),
        new(TopicNames.TrainerRequests, 1),
        // One partition: every scorer reads every version in order, like a global table.
        new(TopicNames.ModelVersions, 1, Compacted: true),
        new(TopicNames.RecommendationRequests, partitions),
        new(TopicNames.RecommendationRequestsDeadLetter, 1),
        new(TopicNames.UserFeaturesDeadLetter, 1),
        new(TopicNames.Recommendations, partitions),
    ];
}
