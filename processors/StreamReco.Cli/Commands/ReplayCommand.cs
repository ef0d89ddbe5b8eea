using System.Globalization;
using Microsoft.Extensions.Configuration;
using StreamReco.Cli.Configuration;
using StreamReco.Producers;
using StreamReco.Producers.Csv;
using StreamReco.Producers.Replay;

namespace StreamReco.Cli.Commands;

/// <summary>
/// Replays a clickstream CSV (user_id,item_id,category_id,behavior_type,timestamp) into events.clicks in
/// event-time order at --speedup (0 = as fast as possible). Bad rows are reported with line numbers.
/// </summary>
public sealed class ReplayCommand : ICommand
{
    /// <summary>Rows sorted in memory; larger files should be pre-sorted by timestamp.</summary>
    private const int MaxRowsInMemory = 5_000_000;

    public string Name => "replay";

    public string Summary => "Replay a clickstream CSV (--csv FILE --speedup N; 0 = as fast as possible).";

    public async Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var reader = new SettingsReader(configuration);
        var settings = PipelineSettings.Read(configuration, reader, "streamreco-replay");
        var csv = reader.String("Replay:Csv");
        var speedup = reader.Double("Replay:Speedup", 0, 0, 1e9);
        if (csv is null)
        {
            reader.Problem("Replay:Csv (--csv) is required: a file with columns user_id,item_id,category_id,behavior_type,timestamp.");
        }
        else if (!File.Exists(csv))
        {
            reader.Problem("Replay:Csv = '" + csv + "': file does not exist.");
        }

        reader.ThrowIfInvalid();
        var time = TimeProvider.System;
        var csvReader = new CsvClickstreamReader(onBadRow: row =>
            Console.Error.WriteLine("line " + row.LineNumber.ToString(CultureInfo.InvariantCulture) + ": " + row.Reason));
        var events = EventTimeOrdering.SortInMemory(csvReader.ReadFile(csv!), MaxRowsInMemory);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read {csvReader.EventsRead} events, {csvReader.BadRowCount} bad rows of {csvReader.RowsRead}"));

        using var cluster = await ClusterConnection.OpenAsync(settings.Bootstrap, settings.Partitions, cancellationToken).ConfigureAwait(false);
        using var producer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = cluster.BootstrapServers }, time);
        var pacer = speedup > 0 ? new ReplayPacer(time, speedup) : ReplayPacer.AsFastAsPossible(time);
        var progress = await producer.ProduceAllAsync(events, pacer, p => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sent {p.Sent}/{events.Count} delivered {p.Delivered} failed {p.Failed} ({p.EventsPerSecond:F0} ev/s)")), cancellationToken)
            .ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replayed {progress.Delivered} events in {progress.Elapsed.TotalSeconds:F1} s; {csvReader.BadRowCount} bad rows skipped and reported"));
        return 0;
    }
}
