namespace StreamReco.Streams.Internal;

/// <summary>A node instance inside one task. Typed subclasses implement <see cref="IRecordReceiver{TKey, TValue}"/>.</summary>
internal abstract class ProcessorNode(string name)
{
    private readonly Dictionary<string, ProcessorNode> _childrenByName = new(StringComparer.Ordinal);
    private ProcessorNode[] _children = [];

    public string Name { get; } = name;

    public ProcessorNode[] Children => _children;

    /// <summary>Stores this node may use (processor nodes only).</summary>
    public virtual IReadOnlyCollection<string> StoreNames => [];

    public void AddChild(ProcessorNode child)
    {
        _children = [.. _children, child];
        _childrenByName[child.Name] = child;
    }

    public ProcessorNode? Child(string name) => _childrenByName.GetValueOrDefault(name);

    public virtual void Init(ProcessorContextImpl context)
    {
    }

    public virtual void Close()
    {
    }
}
