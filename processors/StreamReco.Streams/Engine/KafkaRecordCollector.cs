using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Confluent.Kafka;
using StreamReco.Streams.Internal;

namespace StreamReco.Streams.Engine;

/// <summary>
/// Sends records through the instance's single producer. Under exactly-once it opens a transaction lazily on the first send.
/// Delivery failures are remembered and surface at the next commit (fatal under at-least-once, abort under exactly-once);
/// acknowledged changelog offsets feed the checkpoints.
/// </summary>
internal sealed class KafkaRecordCollector
    : IRecordCollector
{
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly bool _transactional;
    private readonly Action<DeliveryReport<byte[]?, byte[]?>> _onDelivery;
    private readonly Dictionary<(string Topic, int Partition), TopicPartition> _topicPartitions = [];
    private readonly Dictionary<string, int> _partitionCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> _changelogNextOffsets = new();
    private readonly HashSet<string> _changelogTopics;
    private readonly HashSet<string> _repartitionTopics;
    private readonly RepartitionWrites _repartitionWrites;
    private readonly TimeSpan _metadataTimeout;
    private volatile Error? _deliveryError;
    private readonly ConcurrentDictionary<(string Topic, int Partition), StrongBox<long>> _repartitionInFlight = new();
    private volatile bool _abandoned;

    public KafkaRecordCollector(
        IProducer<byte[]?, byte[]?> producer,
        bool transactional,
        IEnumerable<string> changelogTopics,
        IEnumerable<string> repartitionTopics,
        RepartitionWrites repartitionWrites,
        TimeSpan metadataTimeout)
    {
        _producer = producer;
        _transactional = transactional;
        _changelogTopics = new HashSet<string>(changelogTopics, StringComparer.Ordinal);
        _repartitionTopics = new HashSet<string>(repartitionTopics, StringComparer.Ordinal);
        _repartitionWrites = repartitionWrites;
        _metadataTimeout = metadataTimeout;
        _onDelivery = OnDelivery;
    }

    public bool InTransaction { get; private set; }

    /// <summary>First delivery error since the last <see cref="ClearDeliveryError"/>.</summary>
    public Error? DeliveryError => _deliveryError;

    public void ClearDeliveryError() => _deliveryError = null;

    /// <summary>Opens the transaction if exactly-once and none is open.</summary>
    public void EnsureTransaction()
    {
        if (_transactional && !InTransaction)
        {
            _producer.BeginTransaction();
            InTransaction = true;
        }
    }

    public void TransactionEnded() => InTransaction = false;

    public void Send(string topic, int partition, byte[]? key, byte[]? value, Headers? headers, long timestampMs)
    {
        EnsureTransaction();
        var repartition = _repartitionTopics.Contains(topic);
        if (repartition && partition < 0)
        {
            // Partitioned here as the producer would (Kafka's murmur2 of the key, random for a null key), so the record is
            // counted in flight on its partition before the broker acknowledges it (RepartitionBackpressure).
            var count = PartitionCount(topic);
            partition = key is null ? Random.Shared.Next(count) : DefaultPartitioner.Partition(key, count);
        }

        var message = new Message<byte[]?, byte[]?>
        {
            Key = key,
            Value = value,
            Headers = headers,
            Timestamp = new Timestamp(timestampMs, TimestampType.CreateTime),
        };

        while (true)
        {
            try
            {
                if (partition < 0)
                {
                    _producer.Produce(topic, message, _onDelivery);
                }
                else
                {
                    _producer.Produce(TopicPartitionFor(topic, partition), message, _onDelivery);
                }

                if (repartition)
                {
                    Interlocked.Increment(ref InFlightCounter(topic, partition).Value);
                    _repartitionWrites.Sent(topic, partition, (key?.Length ?? 0) + (value?.Length ?? 0));
                }

                return;
            }
            catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure: let librdkafka drain the queue, then retry the same record.
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    public int PartitionCount(string topic)
    {
        if (_partitionCounts.TryGetValue(topic, out var count))
        {
            return count;
        }

        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        var metadata = admin.GetMetadata(topic, _metadataTimeout);
        var topicMetadata = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
        if (topicMetadata is null || topicMetadata.Error.IsError || topicMetadata.Partitions.Count == 0)
        {
            throw new StreamsException($"Cannot get the partition count of {topic}: {topicMetadata?.Error.Reason ?? "no metadata"}.");
        }

        count = topicMetadata.Partitions.Count;
        _partitionCounts[topic] = count;
        return count;
    }

    /// <summary>Next offset after the last acknowledged write to a changelog partition, or -1.</summary>
    public long ChangelogNextOffset(string topic, int partition) =>
        _changelogNextOffsets.TryGetValue((topic, partition), out var offset) ? offset : -1;

    private TopicPartition TopicPartitionFor(string topic, int partition)
    {
        if (!_topicPartitions.TryGetValue((topic, partition), out var tp))
        {
            tp = new TopicPartition(topic, new Partition(partition));
            _topicPartitions[(topic, partition)] = tp;
        }

        return tp;
    }

    /// <summary>
    /// The producer is being disposed or replaced: records still in flight to repartition topics no longer count as written by
    /// this instance (their reports may never come), so they cannot hold the instance's backpressure on for good.
    /// </summary>
    public void Abandon()
    {
        _abandoned = true;
        foreach (var ((topic, partition), inFlight) in _repartitionInFlight)
        {
            _repartitionWrites.Acknowledged(topic, partition, offset: -1, Interlocked.Exchange(ref inFlight.Value, 0));
        }
    }

    private StrongBox<long> InFlightCounter(string topic, int partition) =>
        _repartitionInFlight.GetOrAdd((topic, partition), static _ => new StrongBox<long>());

    private void OnDelivery(DeliveryReport<byte[]?, byte[]?> report)
    {
        if (!_abandoned && _repartitionTopics.Contains(report.Topic))
        {
            Interlocked.Decrement(ref InFlightCounter(report.Topic, report.Partition.Value).Value);
            _repartitionWrites.Acknowledged(report.Topic, report.Partition.Value, report.Error.IsError ? -1 : report.Offset.Value);
        }

        if (report.Error.IsError)
        {
            _deliveryError ??= report.Error;
            return;
        }

        if (_changelogTopics.Contains(report.Topic))
        {
            var next = report.Offset.Value + 1;
            _changelogNextOffsets.AddOrUpdate((report.Topic, report.Partition.Value), static (_, n) => n, static (_, old, n) => Math.Max(old, n), next);
        }
    }
}
