using Microsoft.Extensions.Configuration;

namespace StreamReco.Cli.Configuration;

/// <summary>
/// Configuration sources, later ones win: appsettings.json (next to the binary), an optional --config file,
/// environment variables prefixed STREAMRECO_ (section separator "__", e.g. STREAMRECO_Kafka__Bootstrap),
/// then command-line switches.
/// </summary>
public static class CliConfiguration
{
    public const string EnvironmentPrefix = "STREAMRECO_";

    /// <summary>Short switches users type, mapped to configuration keys.</summary>
    public static readonly IDictionary<string, string> SwitchMappings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--bootstrap"] = "Kafka:Bootstrap",
        ["--partitions"] = "Kafka:Partitions",
        ["--guarantee"] = "Kafka:ProcessingGuarantee",
        ["--offsets-outside-transaction"] = "Kafka:CommitOffsetsOutsideTransaction",
        ["--stream-threads"] = "Kafka:StreamThreads",
        ["--max-repartition-lag"] = "Kafka:MaxRepartitionLag",
        ["--repartition-purge-seconds"] = "Kafka:RepartitionPurgeSeconds",
        ["--max-repartition-lag-bytes"] = "Kafka:MaxRepartitionLagBytes",
        ["--emit-every-update"] = "Features:EmitEveryUpdate",
        ["--max-candidates"] = "Scoring:MaxCandidates",
        ["--scoring-guarantee"] = "Scoring:ProcessingGuarantee",
        ["--app-id"] = "Kafka:ApplicationId",
        ["--metrics-port"] = "Metrics:Port",
        ["--metrics-host"] = "Metrics:Host",
        ["--state-dir"] = "State:Directory",
        ["--log-level"] = "Logging:Level",
        ["--rate"] = "Generator:EventsPerSecond",
        ["--users"] = "Generator:Users",
        ["--items"] = "Generator:Items",
        ["--categories"] = "Generator:Categories",
        ["--seed"] = "Generator:Seed",
        ["--drift-after"] = "Generator:DriftAfterEvents",
        ["--events"] = "Generator:MaxEvents",
        ["--duration"] = "Run:DurationSeconds",
        ["--minutes"] = "Run:Minutes",
        ["--csv"] = "Replay:Csv",
        ["--speedup"] = "Replay:Speedup",
        ["--min-new-rows"] = "Trainer:MinNewRows",
        ["--train-every-minutes"] = "Trainer:ScheduleMinutes",
        ["--budget"] = "Eval:TuningBudget",
        ["--csv-out"] = "Generator:CsvOut",
        ["--config"] = "ConfigFile",
    };

    public static IConfiguration Build(string[] args)
    {
        var commandLine = new ConfigurationBuilder().AddCommandLine(args, SwitchMappings).Build();
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        var configFile = commandLine["ConfigFile"];
        if (!string.IsNullOrEmpty(configFile))
        {
            if (!File.Exists(configFile))
            {
                throw new ConfigurationException(["--config: file '" + configFile + "' does not exist."]);
            }

            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        return builder
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(args, SwitchMappings)
            .Build();
    }
}
