using System.Diagnostics;
using Confluent.Kafka;
using Prometheus;
using StreamReco.Streams.State;

namespace StreamReco.Streams.Internal;

/// <summary>
/// One sub-topology instance for one partition number: its nodes, stores, stream time and punctuations. Used unchanged by the
/// Kafka engine and the test driver; single-threaded.
/// </summary>
internal sealed class StreamTask : IDisposable
{
    private const int MaxCacheFlushRounds = 16;

    private readonly Dictionary<string, ISourceNode> _sources = new(StringComparer.Ordinal);
    private readonly List<ProcessorNode> _nodes = [];
    private readonly Dictionary<string, TaskStore> _stores = new(StringComparer.Ordinal);
    private readonly List<PunctuationSchedule> _streamTimeSchedules = [];
    private readonly List<PunctuationSchedule> _wallClockSchedules = [];
    private readonly TimeProvider _timeProvider;
    private readonly Counter.Child _processed;
    private readonly Histogram.Child _latency;
    private bool _initialized;
    private bool _disposed;

    public StreamTask(
        TaskId id,
        SubTopology subTopology,
        string applicationId,
        IRecordCollector collector,
        TimeProvider timeProvider,
        Func<TaskId, StoreBuilder, IKeyValueBytesStore> innerStoreFactory,
        bool changeLogging)
    {
        Id = id;
        SubTopology = subTopology;
        Collector = collector;
        _timeProvider = timeProvider;
        Context = new ProcessorContextImpl(this, applicationId, timeProvider);
        _processed = StreamsMetrics.RecordsProcessed.WithLabels(applicationId, subTopology.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _latency = StreamsMetrics.ProcessLatency.WithLabels(applicationId, subTopology.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var byName = new Dictionary<string, ProcessorNode>(StringComparer.Ordinal);
        foreach (var definition in subTopology.Nodes)
        {
            var node = definition.Create(applicationId);
            byName[definition.Name] = node;
            _nodes.Add(node);
            foreach (var parentName in definition.Parents)
            {
                byName[parentName].AddChild(node);
            }

            if (node is ISourceNode source)
            {
                _sources[source.Topic] = source;
            }
        }

        try
        {
            foreach (var builder in subTopology.Stores)
            {
                var inner = innerStoreFactory(id, builder);
                string? changelog = null;
                IKeyValueBytesStore layered = inner;
                if (changeLogging && builder.LoggingEnabled)
                {
                    changelog = builder.ChangelogTopic(applicationId);
                    layered = new ChangeLoggingKeyValueBytesStore(inner, collector, changelog, id.Partition, () => Context.TimestampMs);
                }

                _stores[builder.Name] = new TaskStore(builder, inner, builder.Build(layered, applicationId), changelog);
            }
        }
        catch
        {
            DisposeStores();
            throw;
        }
    }

    public TaskId Id { get; }

    public SubTopology SubTopology { get; }

    public IRecordCollector Collector { get; }

    public ProcessorContextImpl Context { get; }

    /// <summary>Largest timestamp processed; -1 before the first record.</summary>
    public long StreamTimeMs { get; private set; } = -1;

    public bool CommitRequested { get; set; }

    public long DeadLetteredCount { get; private set; }

    public IEnumerable<TaskStore> Stores => _stores.Values;

    public IStateStore? GetStore(string name) => _stores.TryGetValue(name, out var store) ? store.Typed : null;

    /// <summary>Calls Init on every node, parents first. Stores must already be restored.</summary>
    public void InitializeProcessors()
    {
        if (_initialized)
        {
            return;
        }

        foreach (var node in _nodes)
        {
            Context.CurrentNode = node;
            Context.SetRecordContext(null, -1, -1, StreamTimeMs < 0 ? 0 : StreamTimeMs, null);
            node.Init(Context);
        }

        Context.CurrentNode = null;
        _initialized = true;
    }

    /// <summary>Decodes and processes one raw record; false when it was dead-lettered.</summary>
    public bool Process(string topic, int partition, long offset, long timestampMs, byte[]? key, byte[]? value, Headers? headers)
    {
        if (!_sources.TryGetValue(topic, out var source))
        {
            throw new StreamsException($"Task {Id} has no source for topic {topic}.");
        }

        var start = Stopwatch.GetTimestamp();
        Context.CurrentNode = (ProcessorNode)source;
        Context.SetRecordContext(topic, partition, offset, timestampMs, headers);
        var processed = source.Process(key, value, timestampMs, headers);
        Context.CurrentNode = null;
        _processed.Inc();
        _latency.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        return processed;
    }

    public void AdvanceStreamTime(long timestampMs)
    {
        if (timestampMs > StreamTimeMs)
        {
            StreamTimeMs = timestampMs;
        }
    }

    public void OnDeadLettered(string reason) => DeadLetteredCount++;

    public ICancellable Schedule(ProcessorNode node, TimeSpan interval, PunctuationType type, Action<long> punctuator)
    {
        ArgumentNullException.ThrowIfNull(punctuator);
        var intervalMs = (long)interval.TotalMilliseconds;
        if (intervalMs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "Punctuation interval must be at least 1 ms.");
        }

        if (type == PunctuationType.StreamTime)
        {
            // Aligned to epoch multiples of the interval; the first fires with the first record (as in Kafka Streams).
            var schedule = new PunctuationSchedule(node, intervalMs, type, punctuator, firstDueMs: 0);
            _streamTimeSchedules.Add(schedule);
            return schedule;
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var wallClock = new PunctuationSchedule(node, intervalMs, type, punctuator, firstDueMs: now + intervalMs);
        _wallClockSchedules.Add(wallClock);
        return wallClock;
    }

    /// <summary>Runs stream-time punctuations that are due; returns how many ran.</summary>
    public int PunctuateStreamTime() => StreamTimeMs < 0 ? 0 : Punctuate(_streamTimeSchedules, StreamTimeMs);

    /// <summary>Runs wall-clock punctuations due at <paramref name="nowMs"/>; returns how many ran.</summary>
    public int PunctuateWallClock(long nowMs) => Punctuate(_wallClockSchedules, nowMs);

    /// <summary>Closes processors (clean shutdown or revocation); stores stay open until Dispose.</summary>
    public void CloseProcessors()
    {
        if (!_initialized)
        {
            return;
        }

        _initialized = false;
        foreach (var node in _nodes)
        {
            Context.CurrentNode = node;
            node.Close();
        }

        Context.CurrentNode = null;
    }

    /// <summary>
    /// Writes the dirty entries of every caching store to its changelog and inner store, before any commit. Flush listeners may
    /// forward records that dirty other caches again (a downstream aggregation), so this repeats until a round writes nothing.
    /// </summary>
    public void FlushCaches()
    {
        Context.SetRecordContext(null, -1, -1, StreamTimeMs, null);
        for (var round = 0; round < MaxCacheFlushRounds; round++)
        {
            var written = 0;
            foreach (var store in _stores.Values)
            {
                if (store.Typed is ICachingStore caching)
                {
                    written += caching.FlushCache();
                }
            }

            if (written == 0)
            {
                return;
            }
        }

        throw new StreamsException(
            $"Task {Id}: record caches still dirty after {MaxCacheFlushRounds} flush rounds; a flush listener keeps writing to a cached store.");
    }

    public void FlushStores()
    {
        foreach (var store in _stores.Values)
        {
            store.Typed.Flush();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        DisposeStores();
    }

    private int Punctuate(List<PunctuationSchedule> schedules, long nowMs)
    {
        var ran = 0;
        var count = schedules.Count;
        for (var i = 0; i < count; i++)
        {
            var schedule = schedules[i];
            if (schedule.Cancelled || nowMs < schedule.NextDueMs)
            {
                continue;
            }

            Context.CurrentNode = schedule.Node;
            Context.SetRecordContext(null, -1, -1, nowMs, null);
            schedule.Punctuator(nowMs);
            schedule.Advance(nowMs);
            ran++;
        }

        Context.CurrentNode = null;
        schedules.RemoveAll(s => s.Cancelled);
        return ran;
    }

    private void DisposeStores()
    {
        foreach (var store in _stores.Values)
        {
            store.Inner.Dispose();
        }
    }
}
