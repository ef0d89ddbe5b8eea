using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Prometheus;
using StreamReco.Kafka;

namespace StreamReco.Streams.Engine;

/// <summary>
/// Deletes the repartition records a stream thread's group has committed, looking at most once per interval and with one
/// request at a time, off the processing thread (Kafka Streams' KIP-204 purge). Records before a committed offset are never
/// read again by the group, so nothing unread is deleted. A failed request is logged, counted and asked again after the
/// interval; it never stops processing.
/// </summary>
internal sealed partial class RepartitionPurger : IDisposable
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    private readonly long _intervalMs;
    private readonly string _bootstrapServers;
    private readonly ILogger _log;
    private readonly Counter.Child _purged;
    private readonly Counter.Child _failed;
    private readonly Dictionary<TopicPartition, long> _requestedBefore = [];
    private readonly List<TopicPartitionOffset> _request = [];
    private IRecordDeleter? _deleter;
    private KafkaRecordDeleter? _ownedDeleter;
    private Task _inFlight = Task.CompletedTask;
    private long? _lastCheckMs;
    private volatile bool _lastRequestFailed;

    public RepartitionPurger(StreamsConfig config, ILogger log)
    {
        _intervalMs = (long)config.RepartitionPurgeInterval.TotalMilliseconds;
        _bootstrapServers = config.BootstrapServers;
        _deleter = config.RecordDeleter;
        _log = log;
        _purged = StreamsMetrics.RepartitionPurges.WithLabels(config.ApplicationId, "ok");
        _failed = StreamsMetrics.RepartitionPurges.WithLabels(config.ApplicationId, "failed");
    }

    /// <summary>
    /// Whether <see cref="Purge"/> would look at the partitions now: purging is on, the interval since the last look has passed
    /// and no request is running. Cheap, so the loop can ask on every iteration.
    /// </summary>
    public bool IsDue(long nowMs) => _intervalMs > 0 && _inFlight.IsCompleted && !(nowMs - _lastCheckMs < _intervalMs);

    /// <summary>
    /// Requests deletion up to each partition's committed offset where that moved since the last request. Pass only offsets
    /// that are durably committed. Called by the loop rather than by the commit, so the last records of a burst are purged
    /// too once the input goes idle.
    /// </summary>
    public void Purge(long nowMs, IEnumerable<PartitionState> repartitionPartitions)
    {
        if (!IsDue(nowMs))
        {
            return;
        }

        _lastCheckMs = nowMs;
        if (_lastRequestFailed)
        {
            // Which partitions of the failed request went through is unknown: ask for all of them again.
            _requestedBefore.Clear();
            _lastRequestFailed = false;
        }

        _request.Clear();
        foreach (var state in repartitionPartitions)
        {
            var committed = state.CommittedOffset;
            if (committed > 0 && (!_requestedBefore.TryGetValue(state.TopicPartition, out var requested) || committed > requested))
            {
                _request.Add(new TopicPartitionOffset(state.TopicPartition, new Offset(committed)));
                _requestedBefore[state.TopicPartition] = committed;
            }
        }

        if (_request.Count == 0)
        {
            return;
        }

        _inFlight = DeleteAsync([.. _request]);
    }

    public void Dispose()
    {
        // A request still running when the thread stops is left to finish or time out; it only frees space.
        _ = _inFlight.Wait(CloseWait);
        _ownedDeleter?.Dispose();
        _ownedDeleter = null;
        _deleter = null;
    }

    private async Task DeleteAsync(IReadOnlyList<TopicPartitionOffset> offsets)
    {
        try
        {
            _deleter ??= _ownedDeleter = new KafkaRecordDeleter(_bootstrapServers);
            await _deleter.DeleteRecordsBeforeAsync(offsets).ConfigureAwait(false);
            _purged.Inc();
            LogPurged(offsets.Count);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Purging only frees space: whatever went wrong (no DeleteRecords permission, a broker without the API, a
            // timeout, a bad offset) is reported and asked again, never allowed to stop processing.
            _lastRequestFailed = true;
            _failed.Inc();
            LogPurgeFailed(ex, offsets.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted committed repartition records in {Count} partitions")]
    private partial void LogPurged(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete committed repartition records in {Count} partitions; retrying after the purge interval")]
    private partial void LogPurgeFailed(Exception exception, int count);
}
