namespace StreamReco.Kafka;

/// <summary>
/// Creates topics. The runtime creates its internal changelog and repartition topics through this,
/// because the embedded mock cluster has no CreateTopics API and real clusters use the admin client.
/// </summary>
public interface ITopicAdmin
{
    /// <summary>Creates the topics that do not exist yet; existing topics are left as they are.</summary>
    Task EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default);
}
