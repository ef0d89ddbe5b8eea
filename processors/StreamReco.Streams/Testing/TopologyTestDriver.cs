using System.Reflection;
using Confluent.Kafka;
using StreamReco.Streams.Internal;
using StreamReco.Streams.State;

namespace StreamReco.Streams.Testing;

/// <summary>
/// Runs a <see cref="Topology"/> in-process without Kafka, like Kafka Streams' TopologyTestDriver: one task (partition 0) per
/// sub-topology, in-memory stores without changelogs, every produced record captured per topic. Records written to a topic the
/// topology itself reads (repartition topics) are processed before the pipe call returns. Stream-time punctuations run after each
/// record; wall-clock punctuations after each record and on <see cref="AdvanceWallClockTime"/>.
/// </summary>
public sealed class TopologyTestDriver : IDisposable
{
    private readonly List<StreamTask> _tasks = [];
    private readonly Dictionary<string, StreamTask> _taskBySourceTopic = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ProducedRecord>> _produced = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _nextOffset = new(StringComparer.Ordinal);
    private readonly Queue<ProducedRecord> _pending = new();
    private readonly TimeProvider _timeProvider;
    private readonly Action<TimeSpan> _advanceClock;
    private readonly DriverCollector _collector;
    private readonly bool _commitAfterEachRecord;
    private bool _processing;
    private bool _disposed;

    public TopologyTestDriver(Topology topology, TopologyTestDriverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        options ??= new TopologyTestDriverOptions();
        ApplicationId = options.ApplicationId;
        _commitAfterEachRecord = options.CommitAfterEachRecord;
        (_timeProvider, _advanceClock) = ResolveClock(options);
        _collector = new DriverCollector(this, options.PartitionCount);

        foreach (var sub in topology.Build(ApplicationId))
        {
            var task = new StreamTask(
                new TaskId(sub.Id, 0),
                sub,
                ApplicationId,
                _collector,
                _timeProvider,
                (_, builder) => new InMemoryKeyValueBytesStore(builder.Name),
                changeLogging: false);
            _tasks.Add(task);
            foreach (var topic in sub.SourceTopics)
            {
                _taskBySourceTopic[topic] = task;
            }
        }

        foreach (var task in _tasks)
        {
            task.InitializeProcessors();
        }
    }

    public string ApplicationId { get; }

    /// <summary>Current wall-clock time of the driver's clock, ms since epoch.</summary>
    public long WallClockMs => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Topics that received at least one record.</summary>
    public IReadOnlyCollection<string> ProducedTopicNames => _produced.Keys;

    /// <summary>Records dead-lettered by all sources so far.</summary>
    public long DeadLetteredCount => _tasks.Sum(t => t.DeadLetteredCount);

    /// <summary>Name of a repartition topic as the topology uses it under this driver's application id.</summary>
    public string RepartitionTopic(string repartitionName) => TopicRef.RepartitionTopic(ApplicationId, repartitionName);

    public TestInputTopic<TKey, TValue> CreateInputTopic<TKey, TValue>(string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        if (!_taskBySourceTopic.ContainsKey(topic))
        {
            throw new ArgumentException($"The topology does not read topic {topic}.", nameof(topic));
        }

        return new TestInputTopic<TKey, TValue>(this, topic, keySerde, valueSerde);
    }

    public TestOutputTopic<TKey, TValue> CreateOutputTopic<TKey, TValue>(string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
        where TKey : notnull =>
        new(this, topic, keySerde, valueSerde);

    /// <summary>The store named <paramref name="storeName"/> (from whichever sub-topology owns it).</summary>
    public IKeyValueStore<TKey, TValue> GetKeyValueStore<TKey, TValue>(string storeName)
    {
        foreach (var task in _tasks)
        {
            if (task.GetStore(storeName) is { } store)
            {
                return store as IKeyValueStore<TKey, TValue>
                    ?? throw new InvalidOperationException($"Store {storeName} is not an IKeyValueStore<{typeof(TKey).Name}, {typeof(TValue).Name}>.");
            }
        }

        throw new ArgumentException($"No store named {storeName}.", nameof(storeName));
    }

    /// <summary>Advances the wall clock and runs wall-clock punctuations that became due.</summary>
    public void AdvanceWallClockTime(TimeSpan by)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "Time only moves forward.");
        }

        _advanceClock(by);
        RunGuarded(() =>
        {
            var now = WallClockMs;
            foreach (var task in _tasks)
            {
                task.PunctuateWallClock(now);
            }
        });
    }

    /// <summary>Flushes every task's record caches as an engine commit does (flush listeners forward, changelogs are written).</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RunGuarded(() =>
        {
            foreach (var task in _tasks)
            {
                task.FlushCaches();
            }
        });
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var task in _tasks)
        {
            task.CloseProcessors();
            task.Dispose();
        }
    }

    internal IReadOnlyList<ProducedRecord> Produced(string topic) =>
        _produced.TryGetValue(topic, out var records) ? records : [];

    internal void Pipe(string topic, byte[]? key, byte[]? value, long timestampMs, Headers? headers)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RunGuarded(() => ProcessOne(topic, NextOffset(topic), key, value, timestampMs, headers));
    }

    private void Capture(string topic, int partition, byte[]? key, byte[]? value, Headers? headers, long timestampMs)
    {
        if (!_produced.TryGetValue(topic, out var list))
        {
            list = [];
            _produced[topic] = list;
        }

        var record = new ProducedRecord(topic, partition < 0 ? 0 : partition, list.Count, key, value, headers ?? [], timestampMs);

        list.Add(record);
        if (_taskBySourceTopic.ContainsKey(topic))
        {
            _pending.Enqueue(record);
        }
    }

    private void ProcessOne(string topic, long offset, byte[]? key, byte[]? value, long timestampMs, Headers? headers)
    {
        var task = _taskBySourceTopic[topic];
        task.Process(topic, 0, offset, timestampMs, key, value, headers);
        task.PunctuateStreamTime();
        task.PunctuateWallClock(WallClockMs);
        if (_commitAfterEachRecord)
        {
            task.FlushCaches();
        }
    }

    /// <summary>Runs an action and then drains records written to topics the topology reads (repartition), depth-first in order.</summary>
    private void RunGuarded(Action action)
    {
        if (_processing)
        {
            throw new InvalidOperationException("Re-entrant use of the driver from inside a processor.");
        }

        _processing = true;
        try
        {
            action();
            while (_pending.TryDequeue(out var next))
            {
                ProcessOne(next.Topic, next.Offset, next.Key, next.Value, next.TimestampMs, next.Headers);
            }
        }
        finally
        {
            _pending.Clear();
            _processing = false;
        }
    }

    private long NextOffset(string topic)
    {
        var offset = _nextOffset.GetValueOrDefault(topic);
        _nextOffset[topic] = offset + 1;
        return offset;
    }

    private static (TimeProvider Clock, Action<TimeSpan> Advance) ResolveClock(TopologyTestDriverOptions options)
    {
        if (options.TimeProvider is null)
        {
            var manual = new ManualTimeProvider(options.InitialWallClock);
            return (manual, manual.Advance);
        }

        // FakeTimeProvider lives in a test-only package; bind its public Advance(TimeSpan) without referencing it.
        var provider = options.TimeProvider;
        var advance = provider.GetType().GetMethod("Advance", BindingFlags.Public | BindingFlags.Instance, [typeof(TimeSpan)]);
        if (advance is null)
        {
            return (provider, by =>
            {
                if (by != TimeSpan.Zero)
                {
                    throw new InvalidOperationException(
                        $"{provider.GetType().Name} has no Advance(TimeSpan); move it yourself and call AdvanceWallClockTime(TimeSpan.Zero).");
                }
            }
            );
        }

        var advanceDelegate = advance.CreateDelegate<Action<TimeSpan>>(provider);
        return (provider, advanceDelegate);
    }

    private sealed class DriverCollector(TopologyTestDriver driver, int partitionCount) : IRecordCollector
    {
        public void Send(string topic, int partition, byte[]? key, byte[]? value, Headers? headers, long timestampMs) =>
            driver.Capture(topic, partition, key, value, headers, timestampMs);

        public int PartitionCount(string topic) => partitionCount;
    }
}
