using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Kafka.Native;
using StreamReco.Schemas;

namespace StreamReco.Kafka;

/// <summary>
/// Reads a whole topic from the beginning on every instance, like a Kafka Streams global table: manual assignment of
/// all partitions (no consumer group membership, no offset commits), one dedicated thread. Used for models.versions
/// by the scorer (models.versions, features.item) and the drift service (models.versions). Null values (tombstones) are passed to the handler as null; undecodable values are logged and
/// counted, never silently dropped; a throwing handler is logged and the reader continues.
/// </summary>
public sealed class GlobalTopicReader<T> : IGlobalTopicReader
    where T : class
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    private readonly string _bootstrapServers;
    private readonly string _topic;
    private readonly IMessageCodec<T> _codec;
    private readonly Action<T?> _handler;
    private readonly Prometheus.ICounter? _decodeFailures;
    private readonly ILogger _log;
    private readonly IReadOnlyDictionary<string, string> _extraConfig;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private long _consumed;

    public GlobalTopicReader(
        string bootstrapServers,
        string topic,
        IMessageCodec<T> codec,
        Action<T?> handler,
        Prometheus.ICounter? decodeFailures,
        ILogger? log = null,
        IReadOnlyDictionary<string, string>? extraConfig = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(bootstrapServers);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(handler);
        _bootstrapServers = bootstrapServers;
        _topic = topic;
        _codec = codec;
        _handler = handler;
        _decodeFailures = decodeFailures;
        _log = log ?? NullLogger.Instance;
        _extraConfig = extraConfig ?? new Dictionary<string, string>();
    }

    public string Topic => _topic;

    /// <summary>Messages handled so far (including tombstones and undecodable ones).</summary>
    public long Consumed => Interlocked.Read(ref _consumed);

    /// <summary>Starts reading on a dedicated background thread.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("Reader for " + _topic + " already started.");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "global-reader-" + _topic };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private void Run()
    {
        LibRdKafkaLocator.EnsureLoaded();
        var config = new ConsumerConfig(_extraConfig.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            BootstrapServers = _bootstrapServers,
            GroupId = "streamreco-global-" + _topic + "-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        try
        {
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
            consumer.Assign(Partitions().Select(p => new TopicPartitionOffset(_topic, p, Offset.Beginning)));
            while (!_stop.IsCancellationRequested)
            {
                var result = consumer.Consume(PollTimeout);
                if (result?.Message is null || result.IsPartitionEOF)
                {
                    continue;
                }

                Handle(result);
            }

            consumer.Close();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.LogCritical(ex, "Global reader of {Topic} stopped", _topic);
        }
    }

    private List<Partition> Partitions()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _bootstrapServers }).Build();
        while (true)
        {
            _stop.Token.ThrowIfCancellationRequested();
            var metadata = admin.GetMetadata(_topic, TimeSpan.FromSeconds(10));
            var topic = metadata.Topics.SingleOrDefault(t => t.Topic == _topic);
            if (topic is not null && topic.Error.Code == ErrorCode.NoError && topic.Partitions.Count > 0)
            {
                return [.. topic.Partitions.Select(p => new Partition(p.PartitionId))];
            }

            _log.LogWarning("Topic {Topic} is not available yet; retrying", _topic);
            _stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
        }
    }

    private void Handle(ConsumeResult<byte[]?, byte[]?> result)
    {
        Interlocked.Increment(ref _consumed);
        T? value = null;
        if (result.Message.Value is { Length: > 0 } bytes)
        {
            try
            {
                value = _codec.Decode(bytes);
            }
            catch (MessageDecodeException ex)
            {
                _decodeFailures?.Inc();
                _log.LogError(ex, "Skipping undecodable message on {Topic} at {Partition}/{Offset}: {Failure}", _topic, result.Partition.Value, result.Offset.Value, ex.Failure);
                return;
            }
        }

        try
        {
            _handler(value);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.LogError(ex, "Handler failed for {Topic} at {Partition}/{Offset}", _topic, result.Partition.Value, result.Offset.Value);
        }
    }
}
