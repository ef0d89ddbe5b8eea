using System.Globalization;
using Microsoft.Extensions.Configuration;
using StreamReco.Cli.Configuration;
using StreamReco.Cli.Hosting;
using StreamReco.Observability;
using StreamReco.Producers.Synthetic;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Cli.Commands;

/// <summary>Upstream producer: synthetic clickstream into events.clicks at --rate events/s until Ctrl-C or --events.</summary>
public sealed class GenerateCommand : ICommand
{
    public string Name => "generate";

    public string Summary => "Produce a synthetic clickstream (--rate, --users, --items, --seed, --drift-after, --events; --csv-out FILE writes a CSV instead).";

    /// <summary>Writes events in the replay format (user_id,item_id,category_id,behavior_type,timestamp in ms).</summary>
    private static void WriteCsv(string path, IEnumerable<ClickEvent> events)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("user_id,item_id,category_id,behavior_type,timestamp");
        long count = 0;
        foreach (var e in events)
        {
            writer.Write(e.UserId);
            writer.Write(',');
            writer.Write(e.ItemId);
            writer.Write(',');
            writer.Write(e.CategoryId);
            writer.Write(',');
            writer.Write(e.Behavior.ToString().ToLowerInvariant());
            writer.Write(',');
            writer.WriteLine(e.EventTime.ToString(CultureInfo.InvariantCulture));
            count++;
        }

        Console.WriteLine("wrote " + count.ToString(CultureInfo.InvariantCulture) + " events to " + path);
    }

    public async Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var reader = new SettingsReader(configuration);
        var settings = PipelineSettings.Read(configuration, reader, "streamreco-generator");
        var time = TimeProvider.System;
        var options = GeneratorSettings.Read(reader, time);
        var csvOut = reader.String("Generator:CsvOut");
        if (csvOut is not null && options.MaxEvents is null)
        {
            reader.Problem("Generator:CsvOut (--csv-out) needs Generator:MaxEvents (--events) so the file is finite.");
        }

        reader.ThrowIfInvalid();
        if (csvOut is not null)
        {
            WriteCsv(csvOut, new SyntheticClickstream(options));
            return 0;
        }

        using var loggers = Logging.Create(settings.LogLevel);
        using var cluster = await ClusterConnection.OpenAsync(settings.Bootstrap, settings.Partitions, cancellationToken).ConfigureAwait(false);
        var health = new HealthState();
        health.Register("generator");
        health.SetReady("generator", true);
        using var metrics = new MetricsServer(settings.MetricsHost, settings.MetricsPort, health, loggers.CreateLogger("streamreco.metrics"));
        metrics.Start();
        var service = new SyntheticProducerService(cluster.BootstrapServers, options, time, loggers.CreateLogger("streamreco.generator"));
        return await new ServiceHost(loggers.CreateLogger("streamreco.generate"), health).RunAsync([service], cancellationToken).ConfigureAwait(false);
    }
}
