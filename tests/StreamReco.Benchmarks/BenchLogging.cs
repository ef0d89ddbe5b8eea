using Microsoft.Extensions.Logging;

namespace StreamReco.Benchmarks;

/// <summary>Warnings of the components under measurement go to the console, so a run that loses or stalls says why.</summary>
internal static class BenchLogging
{
    public static ILoggerFactory Warnings { get; } = LoggerFactory.Create(builder => builder
        .AddSimpleConsole(options => options.SingleLine = true)
        .SetMinimumLevel(LogLevel.Warning));
}
