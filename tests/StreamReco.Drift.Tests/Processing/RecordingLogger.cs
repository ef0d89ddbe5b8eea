using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StreamReco.Drift.Tests.Processing;

/// <summary>Logger that keeps every warning (and above) it receives with its level and template, so a test can assert on them.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Template, string Message)> _entries = new();

    public IReadOnlyCollection<(LogLevel Level, string Template, string Message)> Entries => _entries;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        // Structured logging passes the template as "{OriginalFormat}": a constant template shows up here unchanged.
        var template = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.FirstOrDefault(p => p.Key == "{OriginalFormat}").Value as string ?? string.Empty
            : string.Empty;
        _entries.Enqueue((logLevel, template, formatter(state, exception)));
    }
}
