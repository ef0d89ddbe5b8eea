namespace StreamReco.Streams.Internal;

/// <summary>Blueprint of a node; <see cref="Create"/> makes a fresh instance per task with topic names resolved for the application.</summary>
internal sealed class NodeDefinition(
    string name,
    NodeKind kind,
    IReadOnlyList<string> parents,
    TopicRef? topic,
    Func<string, ProcessorNode> create)
{
    public string Name { get; } = name;

    public NodeKind Kind { get; } = kind;

    public IReadOnlyList<string> Parents { get; } = parents;

    /// <summary>Topic read (sources) or written (sinks).</summary>
    public TopicRef? Topic { get; } = topic;

    public List<string> StoreNames { get; } = [];

    /// <summary>Instantiates the node for <paramref name="applicationId"/>.</summary>
    public ProcessorNode Create(string applicationId) => create(applicationId);
}
