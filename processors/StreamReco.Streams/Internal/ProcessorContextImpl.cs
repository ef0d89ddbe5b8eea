using Confluent.Kafka;
using StreamReco.Streams.State;

namespace StreamReco.Streams.Internal;

/// <summary>The context of one task. Tracks the current node (for Forward and GetStateStore) and the current record's metadata.</summary>
internal sealed class ProcessorContextImpl(StreamTask task, string applicationId, TimeProvider timeProvider) : IProcessorContext
{
    private ProcessorNode? _current;

    public StreamTask Task { get; } = task;

    public string ApplicationId { get; } = applicationId;

    public TaskId TaskId => Task.Id;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public long StreamTimeMs => Task.StreamTimeMs;

    public string? Topic { get; private set; }

    public int Partition { get; private set; } = -1;

    public long Offset { get; private set; } = -1;

    public long TimestampMs { get; private set; }

    public Headers? Headers { get; private set; }

    public ProcessorNode? CurrentNode
    {
        get => _current;
        set => _current = value;
    }

    public void SetRecordContext(string? topic, int partition, long offset, long timestampMs, Headers? headers)
    {
        Topic = topic;
        Partition = partition;
        Offset = offset;
        TimestampMs = timestampMs;
        Headers = headers;
    }

    public void SetTimestamp(long timestampMs) => TimestampMs = timestampMs;

    public void Forward<TKey, TValue>(Record<TKey, TValue> record)
    {
        var node = _current ?? throw new InvalidOperationException("Forward called outside processing or punctuation.");
        var children = node.Children;
        for (var i = 0; i < children.Length; i++)
        {
            Dispatch(node, children[i], record);
        }
    }

    public void Forward<TKey, TValue>(Record<TKey, TValue> record, string childName)
    {
        var node = _current ?? throw new InvalidOperationException("Forward called outside processing or punctuation.");
        var child = node.Child(childName) ?? throw new StreamsException($"Node {node.Name} has no child named {childName}.");
        Dispatch(node, child, record);
    }

    public Action<Record<TKey, TValue>> ForwarderTo<TKey, TValue>(string childName)
    {
        var node = _current ?? throw new InvalidOperationException("ForwarderTo called outside Init, processing or punctuation.");
        var child = node.Child(childName) ?? throw new StreamsException($"Node {node.Name} has no child named {childName}.");
        if (child is not IRecordReceiver<TKey, TValue>)
        {
            throw new StreamsException(
                $"Node {node.Name} asked for a forwarder of Record<{typeof(TKey).Name}, {typeof(TValue).Name}> but child {child.Name} accepts another type.");
        }

        return record =>
        {
            var previous = _current;
            _current = node;
            try
            {
                Dispatch(node, child, record);
            }
            finally
            {
                _current = previous;
            }
        };
    }

    public TStore GetStateStore<TStore>(string name)
        where TStore : class, IStateStore
    {
        var node = _current ?? throw new InvalidOperationException("GetStateStore called outside Init, processing or punctuation.");
        if (!node.StoreNames.Contains(name))
        {
            throw new StreamsException($"Processor {node.Name} is not connected to store {name}; attach it with Topology.AddStateStore.");
        }

        var store = Task.GetStore(name) ?? throw new StreamsException($"Store {name} does not exist in task {TaskId}.");
        return store as TStore
            ?? throw new StreamsException($"Store {name} is a {store.GetType().Name}, not a {typeof(TStore).Name}.");
    }

    public ICancellable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator)
    {
        var node = _current ?? throw new InvalidOperationException("Schedule called outside Init, processing or punctuation.");
        return Task.Schedule(node, interval, type, punctuator);
    }

    public void RequestCommit() => Task.CommitRequested = true;

    private void Dispatch<TKey, TValue>(ProcessorNode from, ProcessorNode child, Record<TKey, TValue> record)
    {
        if (child is not IRecordReceiver<TKey, TValue> receiver)
        {
            throw new StreamsException(
                $"Node {from.Name} forwarded Record<{typeof(TKey).Name}, {typeof(TValue).Name}> but child {child.Name} accepts another type.");
        }

        _current = child;
        try
        {
            receiver.Receive(record);
        }
        finally
        {
            _current = from;
        }
    }
}
