namespace StreamReco.Streams.Internal;

/// <summary>A user topic, or an internal repartition topic whose real name depends on the application id.</summary>
internal readonly record struct TopicRef(string Name, bool IsRepartition)
{
    public string Resolve(string applicationId) => IsRepartition ? RepartitionTopic(applicationId, Name) : Name;

    public static string RepartitionTopic(string applicationId, string name) => $"{applicationId}-{name}-repartition";
}
