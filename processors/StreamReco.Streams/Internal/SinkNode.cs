using Prometheus;

namespace StreamReco.Streams.Internal;

/// <summary>Serializes records and hands them to the collector (producer or test driver).</summary>
internal sealed class SinkNode<TKey, TValue>(
    string name,
    string topic,
    ISerde<TKey> keySerde,
    ISerde<TValue> valueSerde,
    StreamPartitioner<TKey, TValue>? partitioner) : ProcessorNode(name), IRecordReceiver<TKey, TValue>
{
    private IRecordCollector? _collector;
    private Counter.Child? _produced;

    public string Topic { get; } = topic;

    public override void Init(ProcessorContextImpl context)
    {
        _collector = context.Task.Collector;
        _produced = StreamsMetrics.RecordsProduced.WithLabels(context.ApplicationId, Topic);
    }

    public void Receive(Record<TKey, TValue> record)
    {
        var collector = _collector ?? throw new InvalidOperationException($"Sink {Name} used before Init.");
        var key = record.Key is null ? null : keySerde.Serialize(record.Key);
        var value = record.Value is null ? null : valueSerde.Serialize(record.Value);
        var partition = -1;
        if (partitioner is not null)
        {
            partition = partitioner(Topic, record.Key, record.Value, collector.PartitionCount(Topic));
        }

        collector.Send(Topic, partition, key, value, record.Headers, record.TimestampMs);
        _produced!.Inc();
    }
}
