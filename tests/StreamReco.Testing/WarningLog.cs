using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StreamReco.Testing;

/// <summary>Logger provider that records the application's warnings and errors, so a test can see that a fault reached it.</summary>
public sealed class WarningLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void Dispose()
    {
        // Nothing to release: entries stay readable after the factory is disposed.
    }

    private void Record(string message)
    {
        _entries.Enqueue(message);
        Interlocked.Increment(ref _count);
    }

    private sealed class Recorder(WarningLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Record(formatter(state, exception));
            }
        }
    }
}
