using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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
    private StreamsState _state = StreamsState.Created;

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

    /// <summary>Starts the stream thread. Call once.</summary>
    public void Start() => throw new NotSupportedException("The Kafka engine is not merged yet; use TopologyTestDriver.");

    /// <summary>Read-only view of <paramref name="storeName"/> across this instance's tasks (interactive query).</summary>
    public IReadOnlyKeyValueStore<TKey, TValue> Store<TKey, TValue>(string storeName) =>
        throw new NotSupportedException("The Kafka engine is not merged yet.");

    /// <summary>Graceful stop: finish the current record, commit, flush stores, write checkpoints, close clients.</summary>
    public void Close(TimeSpan? timeout = null)
    {
    }

    public void Dispose() => Close();

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
