using System.Text;
using StreamReco.Streams.Internal;
using StreamReco.Streams.State;

namespace StreamReco.Streams;

/// <summary>
/// The processing graph, built like Kafka Streams' Processor API: sources, processors, sinks, repartitions and stores, connected by
/// node names. The same object runs on Kafka (<see cref="StreamsApp"/>) and in-process (<see cref="Testing.TopologyTestDriver"/>).
/// </summary>
public sealed class Topology
{
    private readonly List<NodeDefinition> _nodes = [];
    private readonly Dictionary<string, NodeDefinition> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoreBuilder> _stores = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _storeUsers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sourceTopics = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads <paramref name="topic"/>. Records whose key or value cannot be decoded (or whose extracted timestamp is negative) go to
    /// <paramref name="deadLetterTopic"/> (default <c>&lt;topic&gt;.dlq</c>) with a <see cref="DeadLetterHeaders.Reason"/> header.
    /// </summary>
    public Topology AddSource<TKey, TValue>(
        string name,
        string topic,
        ISerde<TKey> keySerde,
        ISerde<TValue> valueSerde,
        string? deadLetterTopic = null,
        TimestampExtractor<TKey, TValue>? timestampExtractor = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(keySerde);
        ArgumentNullException.ThrowIfNull(valueSerde);
        var dlq = deadLetterTopic ?? topic + ".dlq";
        AddSourceDefinition(name, new TopicRef(topic, IsRepartition: false), dlq, keySerde, valueSerde, timestampExtractor);
        return this;
    }

    /// <summary>Adds a processor fed by <paramref name="parentNames"/>; <paramref name="factory"/> is called once per task.</summary>
    public Topology AddProcessor<TKey, TValue>(string name, Func<IProcessor<TKey, TValue>> factory, params string[] parentNames)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var definition = default(NodeDefinition);
        definition = new NodeDefinition(
            name,
            NodeKind.Processor,
            CheckParents(name, parentNames),
            topic: null,
            _ => new TypedProcessorNode<TKey, TValue>(name, factory(), definition!.StoreNames));
        Register(definition);
        return this;
    }

    /// <summary>Writes records from <paramref name="parentNames"/> to <paramref name="topic"/>, partitioned by murmur2 of the key bytes.</summary>
    public Topology AddSink<TKey, TValue>(string name, string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, params string[] parentNames) =>
        AddSink(name, topic, keySerde, valueSerde, partitioner: null, parentNames);

    /// <summary>Writes records to <paramref name="topic"/>, partitioned by <paramref name="partitioner"/> (null: murmur2 of the key bytes).</summary>
    public Topology AddSink<TKey, TValue>(
        string name,
        string topic,
        ISerde<TKey> keySerde,
        ISerde<TValue> valueSerde,
        StreamPartitioner<TKey, TValue>? partitioner,
        params string[] parentNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        var topicRef = new TopicRef(topic, IsRepartition: false);
        Register(new NodeDefinition(
            name,
            NodeKind.Sink,
            CheckParents(name, parentNames),
            topicRef,
            _ => new SinkNode<TKey, TValue>(name, topic, keySerde, valueSerde, partitioner)));
        return this;
    }

    /// <summary>
    /// Re-keys through the internal topic <c>&lt;appId&gt;-&lt;name&gt;-repartition</c>: records forwarded (already re-keyed) by
    /// <paramref name="parentNames"/> are written to it by a sink named <c>&lt;name&gt;-sink</c>, and a source named
    /// <paramref name="name"/> reads it back as the start of a downstream sub-topology (so its tasks own the new keys).
    /// The topic must exist with as many partitions as the downstream should have tasks.
    /// </summary>
    public Topology AddRepartition<TKey, TValue>(
        string name,
        ISerde<TKey> keySerde,
        ISerde<TValue> valueSerde,
        params string[] parentNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var topicRef = new TopicRef(name, IsRepartition: true);
        var sinkName = name + "-sink";
        Register(new NodeDefinition(
            sinkName,
            NodeKind.Sink,
            CheckParents(sinkName, parentNames),
            topicRef,
            appId => new SinkNode<TKey, TValue>(sinkName, topicRef.Resolve(appId), keySerde, valueSerde, partitioner: null)));
        AddSourceDefinition(name, topicRef, deadLetterTopic: null, keySerde, valueSerde, timestampExtractor: null);
        return this;
    }

    /// <summary>Attaches a store to processors; processors sharing a store end up in the same sub-topology.</summary>
    public Topology AddStateStore(StoreBuilder builder, params string[] processorNames)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (processorNames.Length == 0)
        {
            throw new ArgumentException($"Store {builder.Name} must be attached to at least one processor.", nameof(processorNames));
        }

        if (_stores.TryGetValue(builder.Name, out var existing) && !ReferenceEquals(existing, builder))
        {
            throw new ArgumentException($"Another store is already named {builder.Name}.", nameof(builder));
        }

        _stores[builder.Name] = builder;
        if (!_storeUsers.TryGetValue(builder.Name, out var users))
        {
            users = [];
            _storeUsers[builder.Name] = users;
        }

        foreach (var processorName in processorNames)
        {
            if (!_byName.TryGetValue(processorName, out var node) || node.Kind != NodeKind.Processor)
            {
                throw new ArgumentException($"Store {builder.Name}: {processorName} is not a processor of this topology.", nameof(processorNames));
            }

            node.StoreNames.Add(builder.Name);
            users.Add(processorName);
        }

        return this;
    }

    /// <summary>Every store builder, by name.</summary>
    public IReadOnlyDictionary<string, StoreBuilder> StateStores => _stores;

    /// <summary>Topics this topology reads, including its repartition topics, resolved for <paramref name="applicationId"/>.</summary>
    public IReadOnlyList<string> SourceTopics(string applicationId) =>
        [.. _nodes.Where(n => n.Kind == NodeKind.Source).Select(n => n.Topic!.Value.Resolve(applicationId))];

    /// <summary>Topics the runtime manages: repartition topics and changelogs (create them before starting on the mock broker).</summary>
    public IReadOnlyList<string> InternalTopics(string applicationId) =>
    [
        .. _nodes.Where(n => n.Kind == NodeKind.Source && n.Topic!.Value.IsRepartition).Select(n => n.Topic!.Value.Resolve(applicationId)),
        .. _stores.Values.Where(s => s.LoggingEnabled).Select(s => s.ChangelogTopic(applicationId)),
    ];

    /// <summary>Human-readable description of sub-topologies and their nodes.</summary>
    public string Describe(string applicationId = "<appId>")
    {
        var text = new StringBuilder();
        foreach (var sub in Build(applicationId))
        {
            text.Append("Sub-topology ").Append(sub.Id).AppendLine(":");
            foreach (var node in sub.Nodes)
            {
                text.Append("  ").Append(node.Kind).Append(' ').Append(node.Name);
                if (node.Topic is { } topic)
                {
                    text.Append(" (").Append(topic.Resolve(applicationId)).Append(')');
                }

                if (node.Parents.Count > 0)
                {
                    text.Append(" <- ").AppendJoin(", ", node.Parents);
                }

                if (node.StoreNames.Count > 0)
                {
                    text.Append(" stores: ").AppendJoin(", ", node.StoreNames);
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    /// <summary>Splits the graph into sub-topologies: connected components over parent edges and shared stores.</summary>
    internal IReadOnlyList<SubTopology> Build(string applicationId)
    {
        if (_nodes.Count == 0)
        {
            throw new InvalidOperationException("The topology is empty.");
        }

        var parent = new int[_nodes.Count];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _nodes.Count; i++)
        {
            index[_nodes[i].Name] = i;
        }

        for (var i = 0; i < _nodes.Count; i++)
        {
            foreach (var p in _nodes[i].Parents)
            {
                Union(parent, i, index[p]);
            }
        }

        foreach (var users in _storeUsers.Values)
        {
            for (var i = 1; i < users.Count; i++)
            {
                Union(parent, index[users[0]], index[users[i]]);
            }
        }

        var groups = new List<List<NodeDefinition>>();
        var groupOfRoot = new Dictionary<int, List<NodeDefinition>>();
        for (var i = 0; i < _nodes.Count; i++)
        {
            var root = Find(parent, i);
            if (!groupOfRoot.TryGetValue(root, out var group))
            {
                group = [];
                groupOfRoot[root] = group;
                groups.Add(group);
            }

            group.Add(_nodes[i]);
        }

        var result = new List<SubTopology>(groups.Count);
        for (var id = 0; id < groups.Count; id++)
        {
            var group = groups[id];
            if (!group.Any(n => n.Kind == NodeKind.Source))
            {
                throw new InvalidOperationException($"Nodes {string.Join(", ", group.Select(n => n.Name))} are not reachable from any source.");
            }

            var stores = group.SelectMany(n => n.StoreNames).Distinct(StringComparer.Ordinal).Select(s => _stores[s]).ToList();
            result.Add(new SubTopology(id, group, stores, applicationId));
        }

        return result;
    }

    private void AddSourceDefinition<TKey, TValue>(
        string name,
        TopicRef topic,
        string? deadLetterTopic,
        ISerde<TKey> keySerde,
        ISerde<TValue> valueSerde,
        TimestampExtractor<TKey, TValue>? timestampExtractor)
    {
        if (!_sourceTopics.Add(topic.Resolve("\0")))
        {
            throw new ArgumentException($"Topic {topic.Name} is already read by another source.", nameof(topic));
        }

        Register(new NodeDefinition(
            name,
            NodeKind.Source,
            [],
            topic,
            appId =>
            {
                var resolved = topic.Resolve(appId);
                return new SourceNode<TKey, TValue>(name, resolved, deadLetterTopic ?? resolved + ".dlq", keySerde, valueSerde, timestampExtractor);
            }));
    }

    private string[] CheckParents(string name, string[] parentNames)
    {
        if (parentNames.Length == 0)
        {
            throw new ArgumentException($"Node {name} needs at least one parent.", nameof(parentNames));
        }

        foreach (var parentName in parentNames)
        {
            if (!_byName.TryGetValue(parentName, out var parentNode))
            {
                throw new ArgumentException($"Node {name}: parent {parentName} is not defined (add parents first).", nameof(parentNames));
            }

            if (parentNode.Kind == NodeKind.Sink)
            {
                throw new ArgumentException($"Node {name}: parent {parentName} is a sink and has no output.", nameof(parentNames));
            }
        }

        return [.. parentNames];
    }

    private void Register(NodeDefinition definition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(definition.Name);
        if (!_byName.TryAdd(definition.Name, definition))
        {
            throw new ArgumentException($"A node named {definition.Name} already exists.", nameof(definition));
        }

        _nodes.Add(definition);
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int a, int b) => parent[Find(parent, a)] = Find(parent, b);
}
