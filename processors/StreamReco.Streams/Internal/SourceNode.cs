using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Prometheus;
using StreamReco.Schemas;

namespace StreamReco.Streams.Internal;

/// <summary>
/// Decodes raw records and forwards them to its children. Any key/value decode failure or unusable timestamp sends the
/// untouched record to the dead-letter topic with a reason header and bumps the dead-letter counter; nothing is dropped silently.
/// </summary>
internal sealed class SourceNode<TKey, TValue>(
    string name,
    string topic,
    string deadLetterTopic,
    ISerde<TKey> keySerde,
    ISerde<TValue> valueSerde,
    TimestampExtractor<TKey, TValue>? timestampExtractor) : ProcessorNode(name), ISourceNode
{
    private readonly Dictionary<string, Counter.Child> _deadLetterCounters = new(StringComparer.Ordinal);
    private ProcessorContextImpl? _context;
    private Counter.Child? _consumed;

    public string Topic { get; } = topic;

    public string DeadLetterTopic { get; } = deadLetterTopic;

    public override void Init(ProcessorContextImpl context)
    {
        _context = context;
        _consumed = StreamsMetrics.RecordsConsumed.WithLabels(context.ApplicationId, Topic);
    }

    public bool Process(byte[]? key, byte[]? value, long timestampMs, Headers? headers)
    {
        var context = _context ?? throw new InvalidOperationException($"Source {Name} used before Init.");
        _consumed!.Inc();
        TKey decodedKey;
        TValue decodedValue;
        long timestamp;
        try
        {
            decodedKey = key is null ? default! : keySerde.Deserialize(key);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            DeadLetter(context, key, value, headers, timestampMs, "KeyDecode", ex.Message);
            return false;
        }

        try
        {
            decodedValue = valueSerde.Deserialize(value);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var reason = ex is MessageDecodeException decode ? decode.Failure.ToString() : ex.GetType().Name;
            DeadLetter(context, key, value, headers, timestampMs, reason, ex.Message);
            return false;
        }

        try
        {
            timestamp = timestampExtractor is null ? timestampMs : timestampExtractor(decodedKey, decodedValue, timestampMs);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            DeadLetter(context, key, value, headers, timestampMs, "TimestampExtraction", ex.Message);
            return false;
        }

        if (timestamp < 0)
        {
            DeadLetter(context, key, value, headers, timestampMs, "InvalidTimestamp", $"Timestamp {timestamp} is negative.");
            return false;
        }

        context.Task.AdvanceStreamTime(timestamp);
        context.SetTimestamp(timestamp);
        context.Forward(new Record<TKey, TValue>(decodedKey, decodedValue, timestamp, headers));
        return true;
    }

    private void DeadLetter(ProcessorContextImpl context, byte[]? key, byte[]? value, Headers? headers, long timestampMs, string reason, string error)
    {
        var dlqHeaders = new Headers();
        if (headers is not null)
        {
            foreach (var header in headers)
            {
                dlqHeaders.Add(header.Key, header.GetValueBytes());
            }
        }

        dlqHeaders.Add(DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(reason));
        dlqHeaders.Add(DeadLetterHeaders.Error, Encoding.UTF8.GetBytes(error));
        dlqHeaders.Add(DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(context.Topic ?? Topic));
        dlqHeaders.Add(DeadLetterHeaders.SourcePartition, Encoding.UTF8.GetBytes(context.Partition.ToString(CultureInfo.InvariantCulture)));
        dlqHeaders.Add(DeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes(context.Offset.ToString(CultureInfo.InvariantCulture)));
        dlqHeaders.Add(DeadLetterHeaders.ApplicationId, Encoding.UTF8.GetBytes(context.ApplicationId));
        context.Task.Collector.Send(DeadLetterTopic, -1, key, value, dlqHeaders, timestampMs < 0 ? 0 : timestampMs);

        // Reasons are a small closed set (DecodeFailure names, exception types), so this map stays tiny.
        if (!_deadLetterCounters.TryGetValue(reason, out var counter))
        {
            counter = StreamsMetrics.DeadLettered.WithLabels(context.ApplicationId, Topic, reason);
            _deadLetterCounters[reason] = counter;
        }

        counter.Inc();
        context.Task.OnDeadLettered(reason);
    }
}
