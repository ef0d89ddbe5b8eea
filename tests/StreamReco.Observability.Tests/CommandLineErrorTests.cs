using StreamReco.Cli;

namespace StreamReco.Observability.Tests;

/// <summary>
/// Bad settings stop every subcommand before it starts anything: exit code 2 and one message listing every problem,
/// each naming the setting, the value given and what is expected.
/// </summary>
public sealed class CommandLineErrorTests
{
    private const string PartitionsX = "Kafka:Partitions = 'x': expected a whole number from 1 to 256.";
    private const string BootstrapNoHost = "Kafka:Bootstrap = 'nohost': expected host:port[,host:port...], e.g. localhost:9092.";
    private const string MetricsPort = "Metrics:Port = '70000': expected a whole number from 0 to 65535.";
    private const string Guarantee = "Kafka:ProcessingGuarantee = 'maybe': expected exactly_once or at_least_once.";
    private const string LogLevel = "Logging:Level = 'loud': expected one of";

    private static readonly string[] SharedBadValues =
        ["--partitions", "x", "--bootstrap", "nohost", "--metrics-port", "70000", "--guarantee", "maybe", "--log-level", "loud"];

    public static TheoryData<string, string[], string[]> BadCommandLines => new()
    {
        {
            "run", ["--rate", "-5", "--duration", "soon"],
            [PartitionsX, BootstrapNoHost, MetricsPort, Guarantee, LogLevel,
                "Generator:EventsPerSecond = '-5': expected a number from 0.001 to 1000000.",
                "Run:DurationSeconds = 'soon': expected a whole number from 0 to 2147483647."]
        },
        { "features", [], [PartitionsX, BootstrapNoHost, MetricsPort, Guarantee, LogLevel] },
        {
            "scorer", ["--scoring-guarantee", "often"],
            [PartitionsX, BootstrapNoHost, MetricsPort, Guarantee, LogLevel,
                "Scoring:ProcessingGuarantee = 'often': expected exactly_once or at_least_once."]
        },
        {
            "generate", ["--users", "0", "--events", "-1"],
            [PartitionsX, BootstrapNoHost, MetricsPort, Guarantee, LogLevel,
                "Generator:Users = '0': expected a whole number from 1 to 10000000.",
                "Generator:MaxEvents = '-1': expected a whole number from 0 to 9223372036854775807."]
        },
        {
            "replay", ["--csv", "/nonexistent/clicks.csv", "--speedup", "fast"],
            [PartitionsX, BootstrapNoHost, "Replay:Csv = '/nonexistent/clicks.csv': file does not exist.", "Replay:Speedup = 'fast': expected a number"]
        },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public async Task BadValuesExitWith2AndListEveryProblem(string command, string[] extraArguments, string[] expectedProblems)
    {
        var (exitCode, error) = await RunMainAsync([command, .. SharedBadValues, .. extraArguments]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("Invalid configuration:", error, StringComparison.Ordinal);
        foreach (var problem in expectedProblems)
        {
            Assert.Contains(problem, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownCommandExitsWith2AndPrintsUsage()
    {
        var (exitCode, error) = await RunMainAsync(["scorre"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown command 'scorre'.", error, StringComparison.Ordinal);
        Assert.Contains("usage: streamreco <command>", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConfigFileExitsWith2NamingIt()
    {
        var (exitCode, error) = await RunMainAsync(["features", "--config", "/nonexistent/streamreco.json"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--config: file '/nonexistent/streamreco.json' does not exist.", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Error)> RunMainAsync(string[] args)
    {
        var original = Console.Error;
        using var error = new StringWriter();
        Console.SetError(error);
        try
        {
            var exitCode = await Program.Main(args).WaitAsync(TimeSpan.FromSeconds(10));
            return (exitCode, error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
