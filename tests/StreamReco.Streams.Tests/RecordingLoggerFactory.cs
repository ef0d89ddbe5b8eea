using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StreamReco.Streams.Tests;

/// <summary>Passes every log line on to <paramref name="inner"/> and keeps the formatted messages, for tests that assert on them.</summary>
public sealed class RecordingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _messages = new();

    public IReadOnlyList<string> Messages(LogLevel level) => [.. _messages.Where(m => m.Level == level).Select(m => m.Message)];

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RecordingLogger(RecordingLoggerFactory factory, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            factory._messages.Enqueue((logLevel, formatter(state, exception)));
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
