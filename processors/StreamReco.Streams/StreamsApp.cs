using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Streams.Engine;
using StreamReco.Streams.State;

namespace StreamReco.Streams;

/// <summary>
/// Runs a <see cref="Topology"/> against Kafka: one task per input partition, spread over <see cref="StreamsConfig.StreamThreads"/>
/// dedicated threads, each with its own consumer (cooperative-sticky group) and producer (transactional under exactly-once).
/// A fatal error on any thread stops the others, faults <see cref="Completion"/> and moves the state to
/// <see cref="StreamsState.Error"/> so the host can exit.
/// </summary>
public sealed partial class StreamsApp : IDisposable
{
    private readonly Topology _topology;
    private readonly StreamsConfig _config;
    private readonly ILogger _log;
    private readonly TimeProvider _timeProvider;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _stateLock = new();
    private readonly CancellationTokenSource _stop = new();
    private StreamsState _state = StreamsState.Created;
    private StreamThread[] _streamThreads = [];
    private StreamsState[] _threadStates = [];
    private Thread[]? _threads;
    private Exception? _fatal;
    private int _running;
    private bool _disposed;

    public StreamsApp(Topology topology, StreamsConfig config, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.StreamThreads, 1, nameof(config.StreamThreads));
        ArgumentOutOfRangeException.ThrowIfLessThan(config.RepartitionPurgeInterval, TimeSpan.Zero, nameof(config.RepartitionPurgeInterval));
        _topology = topology;
        _config = config;
        _log = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<StreamsApp>();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Raised on every state change, on the thread that changed it.</summary>
    public event EventHandler<StreamsStateChangedEventArgs>? StateChanged;

    public StreamsState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    /// <summary>Completes when the app stops cleanly; faults with the cause when it stops on a fatal error.</summary>
    public Task Completion => _completion.Task;

    public StreamsConfig Config => _config;

    /// <summary>Tasks this instance currently owns (snapshot).</summary>
    public IReadOnlyList<TaskId> LocalTasks => [.. _streamThreads.SelectMany(thread => thread.TaskSnapshot.Select(t => t.Id))];

    /// <summary>Starts the stream threads. Call once.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_threads is not null)
        {
            throw new InvalidOperationException("The application was already started.");
        }

        Kafka.Native.LibRdKafkaLocator.EnsureLoaded();
        var count = _config.StreamThreads;
        _threadStates = Enumerable.Repeat(StreamsState.Created, count).ToArray();
        _streamThreads = new StreamThread[count];
        var repartitionWrites = new RepartitionWrites();
        _threads = new Thread[count];
        _running = count;
        for (var i = 0; i < count; i++)
        {
            var index = i;
            _streamThreads[i] = new StreamThread(index, _topology, _config, _timeProvider, _log, repartitionWrites, state => SetThreadState(index, state));
            _threads[i] = new Thread(() => RunThread(index))
            {
                IsBackground = true,
                Name = "streams-" + _config.ApplicationId + (count == 1 ? string.Empty : "-" + index),
            };
        }

        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>
    /// Read-only view of <paramref name="storeName"/> across this instance's tasks (interactive query). Safe to call from any
    /// thread; keys are looked up in every local task (only the owner of the key's partition holds it).
    /// </summary>
    public IReadOnlyKeyValueStore<TKey, TValue> Store<TKey, TValue>(string storeName)
    {
        if (!_topology.StateStores.ContainsKey(storeName))
        {
            throw new InvalidStateStoreException($"The topology has no store named {storeName}.");
        }

        if (_threads is null)
        {
            throw new InvalidStateStoreException("The application has not been started.");
        }

        return new LocalStoreView<TKey, TValue>(_streamThreads, storeName);
    }

    /// <summary>Graceful stop: finish the current record, commit, flush stores, write checkpoints, close clients.</summary>
    /// <returns>False when the thread did not stop within <paramref name="timeout"/>.</returns>
    public bool Close(TimeSpan? timeout = null)
    {
        if (_threads is null)
        {
            SetState(StreamsState.NotRunning);
            _completion.TrySetResult();
            return true;
        }

        _stop.Cancel();
        return JoinAll(timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Test hook: stop as if the process died (no commit, no checkpoint, open transaction abandoned).</summary>
    internal bool Crash(TimeSpan timeout)
    {
        foreach (var thread in _streamThreads)
        {
            thread.RequestCrash();
        }

        return _threads is null || JoinAll(timeout);
    }

    private bool JoinAll(TimeSpan timeout)
    {
        var deadline = _timeProvider.GetTimestamp();
        foreach (var thread in _threads!)
        {
            var left = timeout - _timeProvider.GetElapsedTime(deadline);
            if (!thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                LogThreadsNotStopped(timeout);
                return false;
            }
        }

        return true;
    }

    /// <summary>Names, for each thread still running after a stop timed out, the step it is in and for how long.</summary>
    private void LogThreadsNotStopped(TimeSpan timeout)
    {
        for (var i = 0; i < _threads!.Length; i++)
        {
            if (_threads[i].IsAlive)
            {
                var step = _streamThreads[i].Step;
                LogThreadNotStopped(i, timeout.TotalSeconds, step.Name, _timeProvider.GetElapsedTime(step.Since).TotalSeconds);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream thread {Thread} did not stop within {TimeoutSeconds} s; it has been {Step} for {StepSeconds:F1} s")]
    private partial void LogThreadNotStopped(int thread, double timeoutSeconds, string step, double stepSeconds);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Close();
        _disposed = true;
        foreach (var thread in _streamThreads)
        {
            thread.Dispose();
        }

        _stop.Dispose();
    }

    private void RunThread(int index)
    {
        try
        {
            _streamThreads[index].Run(_stop.Token);
            SetThreadState(index, StreamsState.NotRunning);
        }
        catch (Exception ex)
        {
            LogFatal(ex, index);
            lock (_stateLock)
            {
                _fatal ??= ex;
            }

            // One dead thread stops the instance: its tasks would otherwise sit unprocessed while the group thinks they are owned.
            _stop.Cancel();
            SetThreadState(index, StreamsState.Error);
        }

        if (Interlocked.Decrement(ref _running) == 0)
        {
            Exception? fatal;
            lock (_stateLock)
            {
                fatal = _fatal;
            }

            if (fatal is null)
            {
                _completion.TrySetResult();
            }
            else
            {
                _completion.TrySetException(fatal);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Stream thread {Thread} stopped on a fatal error")]
    private partial void LogFatal(Exception ex, int thread);

    /// <summary>The instance's state from its threads': any error wins, then shutdown, then rebalancing; running only when all run.</summary>
    private void SetThreadState(int index, StreamsState state)
    {
        StreamsState combined;
        lock (_stateLock)
        {
            _threadStates[index] = state;
            combined = Combine(_threadStates);
        }

        SetState(combined);
    }

    private static StreamsState Combine(StreamsState[] states)
    {
        if (states.Contains(StreamsState.Error))
        {
            return StreamsState.Error;
        }

        if (states.All(s => s == StreamsState.NotRunning))
        {
            return StreamsState.NotRunning;
        }

        if (states.Any(s => s is StreamsState.PendingShutdown or StreamsState.NotRunning))
        {
            return StreamsState.PendingShutdown;
        }

        if (states.All(s => s == StreamsState.Running))
        {
            return StreamsState.Running;
        }

        return states.All(s => s == StreamsState.Created) ? StreamsState.Created : StreamsState.Rebalancing;
    }

    private void SetState(StreamsState next)
    {
        StreamsState previous;
        lock (_stateLock)
        {
            previous = _state;
            if (previous == next)
            {
                return;
            }

            _state = next;
        }

        StreamsMetrics.State.WithLabels(_config.ApplicationId).Set((int)next);
        StateChanged?.Invoke(this, new StreamsStateChangedEventArgs(previous, next));
    }
}
