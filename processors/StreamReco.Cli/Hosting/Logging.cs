using Microsoft.Extensions.Logging;

namespace StreamReco.Cli.Hosting;

/// <summary>Console logging: one line per entry with UTC timestamp, category and level.</summary>
public static class Logging
{
    public static ILoggerFactory Create(LogLevel minimum) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(minimum)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        }));
}
