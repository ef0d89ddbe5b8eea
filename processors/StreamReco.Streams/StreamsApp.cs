using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Streams.Engine;
using StreamReco.Streams.State;

namespace StreamReco.Streams;

/// <summary>
/// Runs a <see cref="Topology"/> against Kafka: one consumer (cooperative-sticky group), one producer (transactional under
/// exactly-once), one task per input partition, on a dedicated thread. Fatal errors fault <see cref="Completion"/> and move the
/// state to <see cref="StreamsState.Error"/> so the host can exit.
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
    private StreamThread? _streamThread;
    private Thread? _thread;
    private bool _disposed;

    public StreamsApp(Topology topology, StreamsConfig config, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(config);
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
    public IReadOnlyList<TaskId> LocalTasks => _streamThread is { } thread ? [.. thread.TaskSnapshot.Select(t => t.Id)] : [];

    /// <summary>Starts the stream thread. Call once.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_thread is not null)
        {
            throw new InvalidOperationException("The application was already started.");
        }

        Kafka.Native.LibRdKafkaLocator.EnsureLoaded();
        _streamThread = new StreamThread(_topology, _config, _timeProvider, _log, SetState);
        _thread = new Thread(RunThread) { IsBackground = true, Name = "streams-" + _config.ApplicationId };
        _thread.Start();
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

        var thread = _streamThread ?? throw new InvalidStateStoreException("The application has not been started.");
        return new LocalStoreView<TKey, TValue>(thread, storeName);
    }

    /// <summary>Graceful stop: finish the current record, commit, flush stores, write checkpoints, close clients.</summary>
    /// <returns>False when the thread did not stop within <paramref name="timeout"/>.</returns>
    public bool Close(TimeSpan? timeout = null)
    {
        if (_thread is null)
        {
            SetState(StreamsState.NotRunning);
            _completion.TrySetResult();
            return true;
        }

        _stop.Cancel();
        return _thread.Join(timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Test hook: stop as if the process died (no commit, no checkpoint, open transaction abandoned).</summary>
    internal bool Crash(TimeSpan timeout)
    {
        _streamThread?.RequestCrash();
        return _thread?.Join(timeout) ?? true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Close();
        _disposed = true;
        _streamThread?.Dispose();
        _stop.Dispose();
    }

    private void RunThread()
    {
        try
        {
            _streamThread!.Run(_stop.Token);
            SetState(StreamsState.NotRunning);
            _completion.TrySetResult();
        }
        catch (Exception ex)
        {
            LogFatal(ex);
            SetState(StreamsState.Error);
            _completion.TrySetException(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Stream thread stopped on a fatal error")]
    private partial void LogFatal(Exception ex);

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
