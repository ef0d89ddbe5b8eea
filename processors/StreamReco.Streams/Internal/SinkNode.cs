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
        // Partitioned here rather than by the producer, as Kafka's default partitioner would (murmur2 of the key, random for a
        // null key), so the collector knows each record's partition before the broker acknowledges it.
        var partitionCount = collector.PartitionCount(Topic);
        var partition = partitioner?.Invoke(Topic, record.Key, record.Value, partitionCount) ?? -1;
        if (partition < 0)
        {
            partition = key is null ? Random.Shared.Next(partitionCount) : DefaultPartitioner.Partition(key, partitionCount);
        }

        collector.Send(Topic, partition, key, value, record.Headers, record.TimestampMs);
        _produced!.Inc();
    }
}
