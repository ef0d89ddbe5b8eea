using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using StreamReco.Streams.Internal;
using StreamReco.Streams.State;

namespace StreamReco.Streams.Engine;

/// <summary>
/// The processing loop of one instance: consume -> process -> produce, commit every interval, punctuate, and create/restore/close
/// tasks in the rebalance callbacks (which librdkafka runs inside Consume, on this same thread).
/// </summary>
internal sealed partial class StreamThread : IDisposable
{
    private const int MaxConsecutiveAborts = 10;

    private readonly StreamsConfig _config;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _log;
    private readonly Action<StreamsState> _setState;
    private readonly Topology _topology;
    private readonly IReadOnlyList<SubTopology> _subTopologies;
    private readonly Dictionary<string, SubTopology> _subTopologyByTopic = new(StringComparer.Ordinal);
    private readonly Dictionary<TaskId, TaskEntry> _tasks = [];
    private readonly Dictionary<string, PartitionState?[]> _partitions = new(StringComparer.Ordinal);
    private readonly List<TopicPartitionOffset> _offsetsBuffer = [];
    private readonly ReaderWriterLockSlim _queryLock = new(LockRecursionPolicy.NoRecursion);
    private readonly bool _exactlyOnce;
    private readonly long _commitIntervalMs;
    private readonly TimeSpan _clientTimeout = TimeSpan.FromSeconds(30);
    private readonly HashSet<string> _repartitionTopics = new(StringComparer.Ordinal);
    private readonly RepartitionBackpressure _backpressure;
    private readonly RepartitionWrites _repartitionWrites;
    private readonly RepartitionPurger _purger;
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private IProducer<byte[]?, byte[]?>? _producer;
    private KafkaRecordCollector? _collector;
    private ChangelogRestorer? _restorer;
    private StreamTask[] _taskSnapshot = [];
    private long _lastCommitMs;
    private bool _commitRequested;
    private bool _plainCommitPending;
    private bool _dirtyShutdown;
    private int _consecutiveAborts;
    private volatile bool _crashRequested;
    private ThreadStep _step;
    private volatile string? _fatalClientError;

    private readonly int _index;

    public StreamThread(
        int index,
        Topology topology,
        StreamsConfig config,
        TimeProvider timeProvider,
        ILogger log,
        RepartitionWrites repartitionWrites,
        Action<StreamsState> setState)
    {
        _index = index;
        _topology = topology;
        _config = config;
        _timeProvider = timeProvider;
        _log = log;
        _setState = setState;
        _repartitionWrites = repartitionWrites;
        _step = new ThreadStep(ThreadStep.Starting, timeProvider.GetTimestamp());
        _exactlyOnce = config.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnce;
        _commitIntervalMs = (long)config.EffectiveCommitInterval.TotalMilliseconds;
        _subTopologies = topology.Build(config.ApplicationId);
        _purger = new RepartitionPurger(config, log);
        _backpressure = new RepartitionBackpressure(config.MaxRepartitionLag, config.MaxRepartitionLagBytes, repartitionWrites, config.ApplicationId, index);
        foreach (var sub in _subTopologies)
        {
            _repartitionTopics.UnionWith(sub.RepartitionSourceTopics);
            foreach (var topic in sub.SourceTopics)
            {
                _subTopologyByTopic[topic] = sub;
            }
        }
    }

    /// <summary>The step this thread is in outside its record loop, and since when.</summary>
    public ThreadStep Step => Volatile.Read(ref _step);

    /// <summary>Tasks visible to interactive queries; read under <see cref="QueryLock"/>.</summary>
    public StreamTask[] TaskSnapshot => Volatile.Read(ref _taskSnapshot);

    public ReaderWriterLockSlim QueryLock => _queryLock;

    /// <summary>Test hook: stop at once as if the process died (no commit, no checkpoint, open transaction left behind).</summary>
    public void RequestCrash() => _crashRequested = true;

    public void Run(CancellationToken cancellation)
    {
        try
        {
            EnsureTopics();
            CreateClients();
            _consumer!.Subscribe(_subTopologyByTopic.Keys);
            _setState(StreamsState.Rebalancing);
            _lastCommitMs = NowMs();
            EnterStep(ThreadStep.Processing);
            var pollTimeout = TimeSpan.FromMilliseconds(Math.Clamp(_commitIntervalMs, 1, 100));
            while (!cancellation.IsCancellationRequested && !_crashRequested)
            {
                if (_fatalClientError is { } fatal)
                {
                    throw new StreamsException($"Fatal Kafka client error: {fatal}");
                }

                try
                {
                    RunOnce(pollTimeout);
                    _consecutiveAborts = 0;
                }
                catch (KafkaException ex) when (_exactlyOnce && IsAbortable(ex))
                {
                    AbortAndRewind(ex);
                }
                catch (StuckProducerException ex) when (_exactlyOnce)
                {
                    ReplaceStuckProducer(ex);
                }
            }

            if (_crashRequested)
            {
                LogCrash();
                ShutdownDirty();
                return;
            }

            ShutdownClean();
        }
        catch
        {
            ShutdownDirty();
            throw;
        }
    }

    public void Dispose() => _queryLock.Dispose();

    private void RunOnce(TimeSpan pollTimeout)
    {
        var result = _consumer!.Consume(pollTimeout);

        // Processors mutate cached store values in place; holding the query lock keeps interactive queries (which copy values
        // under it) from observing a half-applied update. Never held across Consume, whose rebalance callbacks take it.
        _queryLock.EnterWriteLock();
        try
        {
            if (result is not null && !result.IsPartitionEOF)
            {
                ProcessRecord(result);
            }

            if (result is null || _backpressure.CheckDue())
            {
                if (_backpressure.Check(_consumer))
                {
                    LogBackpressure(_backpressure.Paused, _backpressure.LargestLag, _backpressure.LargestLagBytes);
                }
            }

            var now = NowMs();
            var tasks = _taskSnapshot;
            for (var i = 0; i < tasks.Length; i++)
            {
                tasks[i].PunctuateWallClock(now);
                if (tasks[i].CommitRequested)
                {
                    tasks[i].CommitRequested = false;
                    _commitRequested = true;
                }
            }

            if (_commitRequested || now - _lastCommitMs >= _commitIntervalMs)
            {
                Commit();
                _lastCommitMs = now;
                _commitRequested = false;
            }

            // On the mock broker the plain copy of exactly-once offsets is the only durable one (TxnOffsetCommit is discarded):
            // while it is pending, the committed offsets may not survive a restart, so nothing is purged.
            if (_purger.IsDue(now) && !_plainCommitPending)
            {
                _purger.Purge(now, RepartitionPartitions());
            }
        }
        finally
        {
            _queryLock.ExitWriteLock();
        }
    }

    private void ProcessRecord(ConsumeResult<byte[]?, byte[]?> result)
    {
        var topic = result.Topic;
        var partition = result.Partition.Value;
        if (!_partitions.TryGetValue(topic, out var states) || partition >= states.Length || states[partition] is not { } state)
        {
            throw new StreamsException($"Received a record from {topic}[{partition}], which has no task.");
        }

        var message = result.Message;
        var task = state.Task.Task;
        task.Process(topic, partition, result.Offset.Value, message.Timestamp.UnixTimestampMs, message.Key, message.Value, message.Headers);
        state.NextOffset = result.Offset.Value + 1;
        task.PunctuateStreamTime();
    }

    private void Commit()
    {
        var started = Stopwatch.GetTimestamp();

        // Cached state goes to the changelog first (inside the transaction under EOS, before the flush under ALOS), so the
        // changelog holds the state of every offset this commit covers.
        foreach (var entry in _tasks.Values)
        {
            entry.Task.FlushCaches();
        }

        _offsetsBuffer.Clear();
        foreach (var states in _partitions.Values)
        {
            foreach (var state in states)
            {
                if (state is not null && state.HasUncommittedProgress)
                {
                    _offsetsBuffer.Add(new TopicPartitionOffset(state.TopicPartition, new Offset(state.NextOffset)));
                }
            }
        }

        var collector = _collector!;
        if (_exactlyOnce)
        {
            if (!collector.InTransaction && _offsetsBuffer.Count == 0 && !_plainCommitPending)
            {
                return;
            }

            if (collector.InTransaction || _offsetsBuffer.Count > 0)
            {
                collector.EnsureTransaction();
                if (_offsetsBuffer.Count > 0)
                {
                    SendOffsetsToTransactionBounded();
                }

                _producer!.CommitTransaction(_clientTimeout);
                collector.TransactionEnded();
                MarkCommitted();
            }

            if (_config.CommitOffsetsOutsideTransaction)
            {
                // The transaction is committed; this copy only matters on the mock broker, so failures are retried later.
                _plainCommitPending = !TryCommitPlain(allProcessed: true);
            }
        }
        else
        {
            var unacknowledged = _producer!.Flush(_clientTimeout);
            if (collector.DeliveryError is { } error)
            {
                throw new StreamsException($"Producing failed under at-least-once ({error.Code}: {error.Reason}); stopping so nothing is lost.");
            }

            if (unacknowledged > 0)
            {
                // Output still in flight (e.g. its leader is down): committing now could lose it in a crash. Retry next interval.
                LogCommitDeferred(ErrorCode.Local_TimedOut.ToString(), unacknowledged + " records not acknowledged yet");
                return;
            }

            if (_offsetsBuffer.Count == 0)
            {
                return;
            }

            if (TryCommitPlain(allProcessed: false))
            {
                MarkCommitted();
            }
        }

        StreamsMetrics.CommitLatency.WithLabels(_config.ApplicationId).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        LogCommitted(_offsetsBuffer.Count, string.Join(", ", _offsetsBuffer.Select(o => o.ToString())));
        UpdateGauges();
    }

    private IEnumerable<PartitionState> RepartitionPartitions()
    {
        foreach (var topic in _repartitionTopics)
        {
            if (_partitions.TryGetValue(topic, out var states))
            {
                foreach (var state in states)
                {
                    if (state is not null)
                    {
                        yield return state;
                    }
                }
            }
        }
    }

    private void MarkCommitted()
    {
        foreach (var offset in _offsetsBuffer)
        {
            _partitions[offset.Topic][offset.Partition.Value]!.CommittedOffset = offset.Offset.Value;
        }
    }

    /// <summary>
    /// Plain OffsetCommit of the processed positions. A rebalance in progress (or another non-fatal error) only delays it: the
    /// offsets stay pending and go out with the next commit, so at worst some input is processed again (at-least-once).
    /// </summary>
    private bool TryCommitPlain(bool allProcessed)
    {
        var offsets = _offsetsBuffer;
        if (allProcessed)
        {
            offsets = [];
            foreach (var states in _partitions.Values)
            {
                foreach (var state in states)
                {
                    if (state is not null && state.NextOffset >= 0)
                    {
                        offsets.Add(new TopicPartitionOffset(state.TopicPartition, new Offset(state.NextOffset)));
                    }
                }
            }

            if (offsets.Count == 0)
            {
                return true;
            }
        }

        try
        {
            _consumer!.Commit(offsets);
            return true;
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            LogCommitDeferred(ex.Error.Code.ToString(), ex.Error.Reason);
            return false;
        }
    }

    private void UpdateGauges()
    {
        foreach (var states in _partitions.Values)
        {
            foreach (var state in states)
            {
                if (state is null)
                {
                    continue;
                }

                if (state.LagFromCachedWatermark(_consumer!) is { } lag)
                {
                    state.Lag.Set(lag);
                }
            }
        }

        foreach (var entry in _tasks.Values)
        {
            var i = 0;
            foreach (var store in entry.Task.Stores)
            {
                entry.StoreEntries[i++].Set(store.Inner.ApproximateCount);
            }
        }
    }

    private void OnPartitionsAssigned(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        using var step = EnterCallbackStep(ThreadStep.AssigningTasks);
        _setState(StreamsState.Rebalancing);
        LogAssigned(partitions.Count, string.Join(", ", partitions));
        foreach (var tp in partitions)
        {
            var sub = _subTopologyByTopic[tp.Topic];
            var id = new TaskId(sub.Id, tp.Partition.Value);
            if (!_tasks.TryGetValue(id, out var entry))
            {
                entry = CreateTask(id, sub);
            }

            AddPartition(tp, entry);
        }

        PublishTasks();
        _backpressure.Reapply(consumer);
        _setState(StreamsState.Running);
    }

    private void OnPartitionsRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        LogRevoked(partitions.Count, string.Join(", ", partitions.Select(p => p.TopicPartition)));
        using var step = EnterCallbackStep(ThreadStep.RevocationCommit);
        if (_dirtyShutdown || _crashRequested)
        {
            EnterStep(ThreadStep.RevocationCloseTasks);
            RemovePartitions(partitions.Select(p => p.TopicPartition), clean: false);
            return;
        }

        _setState(StreamsState.Rebalancing);
        Commit();
        EnterStep(ThreadStep.RevocationCloseTasks);
        RemovePartitions(partitions.Select(p => p.TopicPartition), clean: true);
    }

    private void OnPartitionsLost(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        using var step = EnterCallbackStep(ThreadStep.ClosingLostTasks);
        LogLost(partitions.Count);
        _setState(StreamsState.Rebalancing);
        if (_exactlyOnce && _collector!.InTransaction && !_dirtyShutdown)
        {
            // The open transaction may hold writes of the lost tasks; drop it and rebuild the rest from committed state.
            RemovePartitions(partitions.Select(p => p.TopicPartition), clean: false);
            AbortAndRewind(new KafkaException(new Error(ErrorCode.Local_State, "partitions lost")));
            return;
        }

        RemovePartitions(partitions.Select(p => p.TopicPartition), clean: false);
    }

    private TaskEntry CreateTask(TaskId id, SubTopology sub)
    {
        var directory = Path.Combine(_config.StateDir, _config.ApplicationId, id.ToString());
        System.IO.Directory.CreateDirectory(directory);
        var checkpointPath = Path.Combine(directory, ".checkpoint");
        var checkpoint = OffsetCheckpoint.Read(checkpointPath);

        // While the task runs its stores move ahead of any checkpoint; only a clean close writes a new one.
        OffsetCheckpoint.Delete(checkpointPath);
        var task = new StreamTask(
            id,
            sub,
            _config.ApplicationId,
            _collector!,
            _timeProvider,
            (taskId, builder) => OpenInnerStore(directory, builder, checkpoint, taskId.Partition),
            changeLogging: true);
        try
        {
            var restored = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var store in task.Stores)
            {
                if (store.ChangelogTopic is null)
                {
                    continue;
                }

                var key = OffsetCheckpoint.Key(store.ChangelogTopic, id.Partition);
                var start = store.Builder.Persistent && checkpoint.TryGetValue(key, out var offset) ? offset : -1;
                restored[key] = _restorer!.Restore(store.ChangelogTopic, id.Partition, start, store.Inner);
            }

            var entries = task.Stores
                .Select(s => StreamsMetrics.StoreEntries.WithLabels(_config.ApplicationId, s.Name, id.ToString()))
                .ToList();
            task.InitializeProcessors();
            var entry = new TaskEntry(task, directory, restored, entries);
            _tasks[id] = entry;
            LogTaskCreated(id.ToString());
            return entry;
        }
        catch
        {
            task.Dispose();
            throw;
        }
    }

    private IKeyValueBytesStore OpenInnerStore(string taskDirectory, StoreBuilder builder, Dictionary<string, long> checkpoint, int partition)
    {
        if (!builder.Persistent)
        {
            return new InMemoryKeyValueBytesStore(builder.Name);
        }

        var storeDirectory = Path.Combine(taskDirectory, builder.Name);
        var hasCheckpoint = checkpoint.ContainsKey(OffsetCheckpoint.Key(builder.ChangelogTopic(_config.ApplicationId), partition));
        if (builder.LoggingEnabled && !hasCheckpoint && System.IO.Directory.Exists(storeDirectory))
        {
            // Without a checkpoint the local files may be ahead of or behind the changelog: rebuild from the changelog.
            System.IO.Directory.Delete(storeDirectory, recursive: true);
        }

        return new RocksDbKeyValueBytesStore(builder.Name, storeDirectory);
    }

    private void AddPartition(TopicPartition tp, TaskEntry entry)
    {
        if (!_partitions.TryGetValue(tp.Topic, out var states) || states.Length <= tp.Partition.Value)
        {
            var grown = new PartitionState?[Math.Max(tp.Partition.Value + 1, states?.Length ?? 0)];
            states?.CopyTo(grown, 0);
            states = grown;
            _partitions[tp.Topic] = states;
        }

        var lag = StreamsMetrics.ConsumerLag.WithLabels(_config.ApplicationId, tp.Topic, tp.Partition.Value.ToString(CultureInfo.InvariantCulture));
        var state = new PartitionState(tp, entry, lag);
        states[tp.Partition.Value] = state;
        entry.Partitions.Add(state);
        _backpressure.Track(state, _repartitionTopics.Contains(tp.Topic));
    }

    private void RemovePartitions(IEnumerable<TopicPartition> partitions, bool clean)
    {
        foreach (var tp in partitions)
        {
            if (!_partitions.TryGetValue(tp.Topic, out var states) || tp.Partition.Value >= states.Length || states[tp.Partition.Value] is not { } state)
            {
                continue;
            }

            states[tp.Partition.Value] = null;
            StreamsMetrics.ConsumerLag.RemoveLabelled(_config.ApplicationId, tp.Topic, tp.Partition.Value.ToString(CultureInfo.InvariantCulture));
            state.Task.Partitions.Remove(state);
            _backpressure.Untrack(tp);
            if (state.Task.Partitions.Count == 0)
            {
                CloseTask(state.Task, clean);
            }
        }

        PublishTasks();
    }

    private void CloseTask(TaskEntry entry, bool clean)
    {
        _tasks.Remove(entry.Task.Id);
        _queryLock.EnterWriteLock();
        try
        {
            _taskSnapshot = [.. _taskSnapshot.Where(t => t != entry.Task)];
            try
            {
                entry.Task.CloseProcessors();
                if (clean)
                {
                    entry.Task.FlushStores();
                    WriteCheckpoint(entry);
                }
            }
            finally
            {
                entry.Task.Dispose();
            }
        }
        finally
        {
            _queryLock.ExitWriteLock();
        }

        LogTaskClosed(entry.Task.Id.ToString(), clean);
    }

    private void WriteCheckpoint(TaskEntry entry)
    {
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var store in entry.Task.Stores)
        {
            if (store.ChangelogTopic is null || !store.Builder.Persistent)
            {
                continue;
            }

            var key = OffsetCheckpoint.Key(store.ChangelogTopic, entry.Task.Id.Partition);
            var written = _collector!.ChangelogNextOffset(store.ChangelogTopic, entry.Task.Id.Partition);
            var restored = entry.RestoredOffsets.GetValueOrDefault(key, -1);
            offsets[key] = Math.Max(written, restored);
        }

        if (offsets.Count > 0)
        {
            OffsetCheckpoint.Write(entry.CheckpointPath, offsets);
        }
    }

    private void PublishTasks()
    {
        _queryLock.EnterWriteLock();
        try
        {
            _taskSnapshot = [.. _tasks.Values.Select(t => t.Task)];
        }
        finally
        {
            _queryLock.ExitWriteLock();
        }

        StreamsMetrics.ActiveTasks.WithLabels(_config.ApplicationId, _index.ToString(CultureInfo.InvariantCulture)).Set(_tasks.Count);
    }

    /// <summary>
    /// Exactly-once recovery: abort the open transaction, throw away every task's (possibly uncommitted) state, rebuild it from
    /// the changelogs and rewind the consumer to the committed offsets.
    /// </summary>
    private void AbortAndRewind(KafkaException cause)
    {
        if (++_consecutiveAborts > MaxConsecutiveAborts)
        {
            throw new StreamsException($"Gave up after {MaxConsecutiveAborts} aborted transactions in a row.", cause);
        }

        LogAborting(cause, cause.Error.Code.ToString());
        StreamsMetrics.AbortedTransactions.WithLabels(_config.ApplicationId).Inc();
        var collector = _collector!;
        if (collector.InTransaction)
        {
            AbortTransaction();
            collector.TransactionEnded();
        }

        collector.ClearDeliveryError();
        var assigned = _tasks.Values.SelectMany(t => t.Partitions).Select(p => p.TopicPartition).ToList();

        // Where this thread committed a transaction since the assignment, its offsets are the rewind point, known without asking
        // the group coordinator (which may be the broker that just failed). They also keep exactly-once on brokers that drop
        // TxnOffsetCommit (the mock), where the group's plain-committed offsets can lag behind the committed transactions.
        var ownCommits = new Dictionary<TopicPartition, long>();
        foreach (var states in _partitions.Values)
        {
            foreach (var state in states)
            {
                if (state is not null && state.CommittedOffset >= 0)
                {
                    ownCommits[state.TopicPartition] = state.CommittedOffset;
                }
            }
        }

        foreach (var entry in _tasks.Values.ToList())
        {
            CloseTask(entry, clean: false);
        }

        _partitions.Clear();
        foreach (var tp in assigned)
        {
            var sub = _subTopologyByTopic[tp.Topic];
            var id = new TaskId(sub.Id, tp.Partition.Value);
            if (!_tasks.TryGetValue(id, out var entry))
            {
                entry = CreateTask(id, sub);
            }

            AddPartition(tp, entry);
        }

        PublishTasks();
        var unknown = assigned.Where(tp => !ownCommits.ContainsKey(tp)).ToList();
        var committed = unknown.Count > 0 ? _consumer!.Committed(unknown, _clientTimeout) : [];
        var rewind = committed.Concat(ownCommits.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)));
        foreach (var offset in rewind)
        {
            var valid = offset.Offset.Value >= 0;
            _consumer!.Seek(new TopicPartitionOffset(offset.TopicPartition, valid ? offset.Offset : Offset.Beginning));
            _partitions[offset.Topic][offset.Partition.Value]!.CommittedOffset = valid ? offset.Offset.Value : -1;
        }
    }

    /// <summary>Aborts the open transaction; librdkafka asks callers to retry an abort that timed out (retriable error).</summary>
    private void AbortTransaction()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _producer!.AbortTransaction(_clientTimeout);
                return;
            }
            catch (KafkaRetriableException ex) when (attempt < 3)
            {
                LogAbortRetry(ex, attempt);
            }
        }
    }

    private void ShutdownClean()
    {
        _setState(StreamsState.PendingShutdown);
        EnterStep(ThreadStep.ShutdownCommit);
        Commit();

        // Close() runs the revocation callback, which commits (nothing left) and closes tasks cleanly with checkpoints.
        EnterStep(ThreadStep.ClosingConsumer);
        _consumer!.Close();
        EnterStep(ThreadStep.ClosingTasks);
        foreach (var entry in _tasks.Values.ToList())
        {
            CloseTask(entry, clean: true);
        }

        PublishTasks();
        EnterStep(ThreadStep.ClosingClients);
        DisposeClients();
        EnterStep(ThreadStep.Stopped);
    }

    private void ShutdownDirty()
    {
        _dirtyShutdown = true;
        EnterStep(ThreadStep.ClosingTasks);
        foreach (var entry in _tasks.Values.ToList())
        {
            try
            {
                CloseTask(entry, clean: false);
            }
            catch (Exception ex)
            {
                LogCloseFailed(ex, entry.Task.Id.ToString());
            }
        }

        _partitions.Clear();
        PublishTasks();
        EnterStep(ThreadStep.ClosingConsumer);
        try
        {
            _consumer?.Close();
        }
        catch (Exception ex)
        {
            LogCloseFailed(ex, "consumer");
        }

        EnterStep(ThreadStep.ClosingClients);
        DisposeClients();
        EnterStep(ThreadStep.Stopped);
    }

    /// <summary>Records the step this thread enters; returns the one it leaves.</summary>
    private ThreadStep EnterStep(string name)
    {
        var previous = Volatile.Read(ref _step);
        Volatile.Write(ref _step, new ThreadStep(name, _timeProvider.GetTimestamp()));
        return previous;
    }

    /// <summary>Enters <paramref name="name"/> for a rebalance callback; disposing it returns to the step the callback interrupted.</summary>
    private CallbackStep EnterCallbackStep(string name) => new(this, EnterStep(name));

    /// <summary>Restores the interrupted step with its original start (e.g. the consumer's Close), however the callback ends.</summary>
    private readonly struct CallbackStep(StreamThread thread, ThreadStep interrupted) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref thread._step, interrupted);
    }

    private void DisposeClients()
    {
        _consumer?.Dispose();
        _consumer = null;
        _collector?.Abandon();
        _producer?.Dispose();
        _producer = null;
        _restorer?.Dispose();
        _restorer = null;
        _purger.Dispose();
    }

    /// <summary>
    /// SendOffsetsToTransaction on a helper thread, waited for at most the transaction timeout: past it the coordinator aborts
    /// the transaction anyway, and librdkafka may never return (see <see cref="StuckProducerException"/>). Errors are rethrown as is.
    /// </summary>
    private void SendOffsetsToTransactionBounded()
    {
        var producer = _producer!;
        var offsets = _offsetsBuffer.ToList();
        var group = _consumer!.ConsumerGroupMetadata;
        var call = Task.Run(() => producer.SendOffsetsToTransaction(offsets, group, _clientTimeout));
        var limit = _config.TransactionTimeout < _clientTimeout ? _config.TransactionTimeout : _clientTimeout;
        if (!((IAsyncResult)call).AsyncWaitHandle.WaitOne(limit))
        {
            throw new StuckProducerException($"send_offsets_to_transaction did not return within {limit.TotalSeconds} s.");
        }

        call.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Exactly-once recovery from a producer stuck in a transactional call: the producer is abandoned (disposing it would block on
    /// the call in flight), a new one with the same transactional id fences it and makes the coordinator abort its open
    /// transaction, and the tasks are rebuilt from the changelogs and rewound to the committed offsets like after any abort.
    /// </summary>
    private void ReplaceStuckProducer(StuckProducerException cause)
    {
        LogProducerReplaced(cause);
        _collector?.Abandon();
        _producer = null;
        CreateProducer();
        AbortAndRewind(new KafkaException(new Error(ErrorCode.Local_TimedOut, cause.Message)));
    }

    private void CreateClients()
    {
        CreateProducer();
        _restorer = new ChangelogRestorer(_config, _timeProvider, _log);
        CreateConsumer();
    }

    // Thread 0 keeps the plain id, so a single-threaded instance's transactional id does not depend on the thread count.
    private string ClientPrefix =>
        _config.ApplicationId + "-" + _config.InstanceId + (_index == 0 ? string.Empty : "-" + _index.ToString(CultureInfo.InvariantCulture));

    private void CreateProducer()
    {
        var clientPrefix = ClientPrefix;
        var producerConfig = new ProducerConfig
        {
            BootstrapServers = _config.BootstrapServers,
            ClientId = clientPrefix + "-producer",
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            Partitioner = Partitioner.Murmur2Random,
            QueueBufferingMaxMessages = 500_000,

            // Delivery reports only feed error detection and changelog offsets: skip copying keys, values and headers back.
            DeliveryReportFields = "status",
        };
        if (_exactlyOnce)
        {
            producerConfig.TransactionalId = clientPrefix;
            producerConfig.TransactionTimeoutMs = (int)_config.TransactionTimeout.TotalMilliseconds;
        }

        foreach (var (key, value) in _config.ProducerConfig)
        {
            producerConfig.Set(key, value);
        }

        _producer = new ProducerBuilder<byte[]?, byte[]?>(producerConfig)
            .SetErrorHandler((_, error) => OnClientError("producer", error))
            .SetLogHandler((_, message) => LogClient(ClientLogLevel(message.Level), message.Name, message.Facility, message.Message))
            .Build();
        if (_exactlyOnce)
        {
            _producer.InitTransactions(_clientTimeout);
        }

        var changelogs = _topology.StateStores.Values.Where(s => s.LoggingEnabled).Select(s => s.ChangelogTopic(_config.ApplicationId));
        _collector = new KafkaRecordCollector(_producer, _exactlyOnce, changelogs, _repartitionTopics, _repartitionWrites, _clientTimeout);
    }

    private void CreateConsumer()
    {
        var clientPrefix = ClientPrefix;
        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = _config.BootstrapServers,
            GroupId = _config.ApplicationId,
            ClientId = clientPrefix + "-consumer",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            IsolationLevel = IsolationLevel.ReadCommitted,
            SessionTimeoutMs = (int)_config.SessionTimeout.TotalMilliseconds,

            // librdkafka postpones fetching a partition by this much (default 1 s) whenever the pre-fetch queue is over its
            // thresholds. The thread pauses and resumes its sources for repartition backpressure, and a full second without
            // fetching after each resume cut re-keying throughput on the embedded broker to a third (28k vs 79k events/s).
            FetchQueueBackoffMs = 10,
        };
        foreach (var (key, value) in _config.ConsumerConfig)
        {
            consumerConfig.Set(key, value);
        }

        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(consumerConfig)
            .SetPartitionsAssignedHandler(OnPartitionsAssigned)
            .SetPartitionsRevokedHandler(OnPartitionsRevoked)
            .SetPartitionsLostHandler(OnPartitionsLost)
            .SetErrorHandler((_, error) => OnClientError("consumer", error))
            .SetLogHandler((_, message) => LogClient(ClientLogLevel(message.Level), message.Name, message.Facility, message.Message))
            .Build();
    }

    /// <summary>Checks that every source and internal topic exists; creates missing internal topics where the broker allows it.</summary>
    private void EnsureTopics()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _config.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(_clientTimeout);
        var partitionCounts = metadata.Topics
            .Where(t => !t.Error.IsError)
            .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
        var missingSources = _topology.SourceTopics(_config.ApplicationId)
            .Except(_topology.InternalTopics(_config.ApplicationId))
            .Where(t => !partitionCounts.ContainsKey(t))
            .ToList();
        if (missingSources.Count > 0)
        {
            throw new StreamsException($"Source topics do not exist: {string.Join(", ", missingSources)}.");
        }

        var specs = new List<TopicSpecification>();
        foreach (var sub in _subTopologies)
        {
            var userSources = sub.SourceTopics.Where(partitionCounts.ContainsKey).Select(t => partitionCounts[t]).DefaultIfEmpty(1).Max();
            foreach (var store in sub.Stores.Where(s => s.LoggingEnabled))
            {
                var changelog = store.ChangelogTopic(_config.ApplicationId);
                if (!partitionCounts.ContainsKey(changelog))
                {
                    specs.Add(new TopicSpecification
                    {
                        Name = changelog,
                        NumPartitions = userSources,
                        ReplicationFactor = -1,
                        Configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact" },
                    });
                }
            }

            foreach (var repartition in sub.RepartitionSourceTopics.Where(t => !partitionCounts.ContainsKey(t)))
            {
                var upstream = partitionCounts.Values.DefaultIfEmpty(1).Max();
                specs.Add(new TopicSpecification { Name = repartition, NumPartitions = upstream, ReplicationFactor = -1 });
            }
        }

        if (specs.Count == 0)
        {
            return;
        }

        try
        {
            admin.CreateTopicsAsync(specs).GetAwaiter().GetResult();
            LogCreatedTopics(string.Join(", ", specs.Select(s => s.Name)));
        }
        catch (Exception ex) when (ex is CreateTopicsException or KafkaException)
        {
            throw new StreamsException(
                $"Internal topics are missing and could not be created ({ex.Message}): {string.Join(", ", specs.Select(s => $"{s.Name}({s.NumPartitions})"))}. "
                + "Create them before starting (the librdkafka mock cluster has no CreateTopics API).",
                ex);
        }
    }

    private void OnClientError(string client, Error error)
    {
        LogClientError(client, error.Code.ToString(), error.Reason, error.IsFatal);
        if (error.IsFatal)
        {
            _fatalClientError ??= $"{client} {error.Code}: {error.Reason}";
        }
    }

    private static bool IsAbortable(KafkaException ex) =>
        !ex.Error.IsFatal
        && ex.Error.Code is not (ErrorCode.ProducerFenced or ErrorCode.Local_Fatal or ErrorCode.InvalidProducerEpoch or ErrorCode.TransactionalIdAuthorizationFailed);

    /// <summary>librdkafka's syslog levels: its warnings (e.g. an offset reset after the broker dropped unread records) are warnings here too.</summary>
    private static LogLevel ClientLogLevel(SyslogLevel level) => level switch
    {
        <= SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    private long NowMs() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Information, Message = "Offset commit deferred to the next interval: {Code} {Reason}")]
    private partial void LogCommitDeferred(string code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Committed offsets of {Count} partitions: {Offsets}")]
    private partial void LogCommitted(int count, string offsets);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Non-repartition sources paused: {Paused} (largest repartition lag {Lag} records, about {LagBytes} bytes)")]
    private partial void LogBackpressure(bool paused, long lag, long lagBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partitions assigned ({Count}): {Partitions}")]
    private partial void LogAssigned(int count, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partitions revoked ({Count}): {Partitions}")]
    private partial void LogRevoked(int count, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partitions lost ({Count}); closing their tasks without commit")]
    private partial void LogLost(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} created and restored")]
    private partial void LogTaskCreated(string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} closed (clean: {Clean})")]
    private partial void LogTaskClosed(string taskId, bool clean);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Aborting transaction and rewinding to committed offsets after {Code}")]
    private partial void LogAborting(Exception cause, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Abort attempt {Attempt} did not finish; retrying")]
    private partial void LogAbortRetry(Exception ex, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulated crash: stopping without commit")]
    private partial void LogCrash();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing {What} failed during shutdown")]
    private partial void LogCloseFailed(Exception ex, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka {Client} error {Code}: {Reason} (fatal: {Fatal})")]
    private partial void LogClientError(string client, string code, string reason, bool fatal);

    [LoggerMessage(Message = "librdkafka {Client} {Facility}: {Message}")]
    private partial void LogClient(LogLevel level, string client, string facility, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transactional producer stuck; replacing it (the new producer fences the old one and its open transaction is aborted)")]
    private partial void LogProducerReplaced(Exception cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created internal topics: {Topics}")]
    private partial void LogCreatedTopics(string topics);
}
