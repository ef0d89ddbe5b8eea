using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace StreamReco.Streams.Tests;

/// <summary>
/// Routes runtime logs to the xunit test output, with elapsed time, so broker test failures are diagnosable, and to any
/// provider added (e.g. a <see cref="StreamReco.Testing.WarningLog"/> a test asserts on) before the loggers are created.
/// </summary>
public sealed class TestOutputLoggerFactory(ITestOutputHelper output) : ILoggerFactory
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ILoggerProvider> _providers = [];

    public ILogger CreateLogger(string categoryName) =>
        new OutputLogger(this, categoryName, [.. _providers.Select(p => p.CreateLogger(categoryName))]);

    public void AddProvider(ILoggerProvider provider) => _providers.Add(provider);

    public void Dispose()
    {
    }

    private void Write(string category, LogLevel level, string message, Exception? exception)
    {
        try
        {
            output.WriteLine($"{_clock.Elapsed.TotalMilliseconds,8:F0} ms {level,-11} {category}: {message}{(exception is null ? "" : " " + exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished; late log lines from background threads are dropped.
        }
    }

    private sealed class OutputLogger(TestOutputLoggerFactory factory, string category, ILogger[] added) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            factory.Write(category[(category.LastIndexOf('.') + 1)..], logLevel, formatter(state, exception), exception);
            foreach (var logger in added)
            {
                logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
