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
    private readonly ManualResetEventSlim _caughtUp = new();
    private Thread? _thread;
    private long _consumed;
    private int _disposed;

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

    /// <summary>True once every message that was on the topic when reading started has been handled (like a restored global table).</summary>
    public bool CaughtUp => _caughtUp.IsSet;

    /// <summary>Blocks until <see cref="CaughtUp"/> or the timeout; returns whether it caught up.</summary>
    public bool WaitUntilCaughtUp(TimeSpan timeout) => _caughtUp.Wait(timeout);

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
        // Idempotent: a host may stop a reader early (once caught up) and dispose it again on shutdown.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(10));
        _stop.Dispose();
        _caughtUp.Dispose();
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
            var partitions = Partitions();
            consumer.Assign(partitions.Select(p => new TopicPartitionOffset(_topic, p, Offset.Beginning)));
            var pending = StartingEnds(consumer, partitions);
            while (!_stop.IsCancellationRequested)
            {
                var result = consumer.Consume(PollTimeout);
                if (result?.Message is not null && !result.IsPartitionEOF)
                {
                    Handle(result);
                }

                // After handling: caught up means the last message's effect is visible.
                if (pending.Count > 0)
                {
                    MarkCaughtUp(consumer, pending);
                }
            }

            consumer.Close();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.LogCritical(ex, "Global reader of {Topic} stopped", _topic);
        }
    }

    /// <summary>The end offset of each non-empty partition when reading starts: the point at which the reader is caught up.</summary>
    private Dictionary<TopicPartition, long> StartingEnds(IConsumer<byte[]?, byte[]?> consumer, List<Partition> partitions)
    {
        var ends = new Dictionary<TopicPartition, long>();
        foreach (var partition in partitions)
        {
            var tp = new TopicPartition(_topic, partition);
            var watermarks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
            if (watermarks.High.Value > watermarks.Low.Value)
            {
                ends[tp] = watermarks.High.Value;
            }
        }

        if (ends.Count == 0)
        {
            _caughtUp.Set();
        }

        return ends;
    }

    private void MarkCaughtUp(IConsumer<byte[]?, byte[]?> consumer, Dictionary<TopicPartition, long> pending)
    {
        // Position, not the last message's offset: transaction markers occupy offsets too.
        foreach (var (tp, end) in pending.ToArray())
        {
            if (consumer.Position(tp).Value >= end)
            {
                pending.Remove(tp);
            }
        }

        if (pending.Count == 0)
        {
            _log.LogInformation("Global reader of {Topic} caught up after {Messages} messages", _topic, Consumed);
            _caughtUp.Set();
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
