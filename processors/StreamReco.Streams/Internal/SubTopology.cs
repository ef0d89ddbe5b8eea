using StreamReco.Streams.State;

namespace StreamReco.Streams.Internal;

/// <summary>A connected part of the topology (repartition topics cut the graph). Each input partition of it becomes one task.</summary>
internal sealed class SubTopology(int id, IReadOnlyList<NodeDefinition> nodes, IReadOnlyList<StoreBuilder> stores, string applicationId)
{
    public int Id { get; } = id;

    /// <summary>Nodes in insertion order (parents before children).</summary>
    public IReadOnlyList<NodeDefinition> Nodes { get; } = nodes;

    public IReadOnlyList<StoreBuilder> Stores { get; } = stores;

    public IReadOnlyList<string> SourceTopics { get; } =
        [.. nodes.Where(n => n.Kind == NodeKind.Source).Select(n => n.Topic!.Value.Resolve(applicationId))];

    public IReadOnlyList<string> RepartitionSourceTopics { get; } =
        [.. nodes.Where(n => n.Kind == NodeKind.Source && n.Topic!.Value.IsRepartition).Select(n => n.Topic!.Value.Resolve(applicationId))];
}
