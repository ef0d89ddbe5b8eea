using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamReco.Streams.State;

namespace StreamReco.Streams.Engine;

/// <summary>
/// Replays changelog partitions into inner stores with a dedicated, group-less, read_committed consumer. Reads from the checkpointed
/// offset (or the beginning) until partition EOF, which librdkafka reports at the last stable offset under read_committed.
/// </summary>
internal sealed partial class ChangelogRestorer : IDisposable
{
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly string _applicationId;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _log;

    public ChangelogRestorer(StreamsConfig config, TimeProvider timeProvider, ILogger log)
    {
        _applicationId = config.ApplicationId;
        _timeout = config.RestoreTimeout;
        _timeProvider = timeProvider;
        _log = log;
        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = config.BootstrapServers,
            GroupId = config.ApplicationId + "-restore",
            ClientId = config.ApplicationId + "-" + config.InstanceId + "-restore",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,

            // Restore reads until EOF; do not let the broker hold each fetch for the default 500 ms.
            FetchWaitMaxMs = 10,
        };
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(consumerConfig).Build();
    }

    /// <summary>Applies <c>changelog[partition]</c> from <paramref name="startOffset"/> (-1: beginning); returns the next offset to read.</summary>
    public long Restore(string changelogTopic, int partition, long startOffset, IKeyValueBytesStore store)
    {
        var tp = new TopicPartition(changelogTopic, new Partition(partition));
        var queryStart = Stopwatch.GetTimestamp();
        var watermarks = _consumer.QueryWatermarkOffsets(tp, _timeout);
        LogWatermarks(changelogTopic, partition, watermarks.Low.Value, watermarks.High.Value, Stopwatch.GetElapsedTime(queryStart).TotalMilliseconds);
        var from = startOffset < 0 ? watermarks.Low.Value : Math.Max(startOffset, watermarks.Low.Value);
        if (from >= watermarks.High.Value)
        {
            return Math.Max(from, watermarks.High.Value);
        }

        var started = Stopwatch.GetTimestamp();
        var deadline = _timeProvider.GetUtcNow() + _timeout;
        long applied = 0;
        var next = from;
        _consumer.Assign(new TopicPartitionOffset(tp, new Offset(from)));
        try
        {
            while (true)
            {
                if (_timeProvider.GetUtcNow() > deadline)
                {
                    throw new StreamsException(
                        $"Restoring {changelogTopic}[{partition}] did not reach the end ({watermarks.High.Value}) within {_timeout}; at offset {next}.");
                }

                var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    next = result.Offset.Value;
                    break;
                }

                if (result.Message.Key is { } key)
                {
                    store.Put(key, result.Message.Value);
                    applied++;
                }

                next = result.Offset.Value + 1;
            }
        }
        finally
        {
            _consumer.Unassign();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        StreamsMetrics.RestoreDuration.WithLabels(_applicationId, store.Name).Observe(elapsed.TotalSeconds);
        StreamsMetrics.RestoredRecords.WithLabels(_applicationId, store.Name).Inc(applied);
        LogRestored(changelogTopic, partition, applied, from, next, elapsed.TotalMilliseconds);
        return next;
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Changelog {Topic}[{Partition}] spans {Low}..{High} (queried in {ElapsedMs} ms)")]
    private partial void LogWatermarks(string topic, int partition, long low, long high, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Topic}[{Partition}]: {Records} records from offset {From} to {Next} in {ElapsedMs} ms")]
    private partial void LogRestored(string topic, int partition, long records, long from, long next, double elapsedMs);
}
