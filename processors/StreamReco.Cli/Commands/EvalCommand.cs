using System.Globalization;
using Microsoft.Extensions.Configuration;
using StreamReco.Cli.Configuration;
using StreamReco.Features.Snapshots;
using StreamReco.Producers.Csv;
using StreamReco.Trainer;
using StreamReco.Trainer.Training;

namespace StreamReco.Cli.Commands;

/// <summary>
/// Offline evaluation: replays a clickstream CSV through the same feature and snapshot code as the live pipeline
/// (in-process, no broker), trains and tunes the candidate models on a time-based split and prints the test-period
/// metrics against the popularity baseline.
/// </summary>
public sealed class EvalCommand : ICommand
{
    private const int MaxRowsInMemory = 5_000_000;

    public string Name => "eval";

    public string Summary => "Evaluate models offline on a clickstream CSV (--csv FILE [--budget N]) against popularity.";

    public Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var reader = new SettingsReader(configuration);
        var csv = reader.String("Replay:Csv");
        var budget = reader.Int("Eval:TuningBudget", 8, 1, 200);
        var seed = reader.Int("Generator:Seed", 42, int.MinValue, int.MaxValue);
        if (csv is null)
        {
            reader.Problem("Replay:Csv (--csv) is required: a file with columns user_id,item_id,category_id,behavior_type,timestamp.");
        }
        else if (!File.Exists(csv))
        {
            reader.Problem("Replay:Csv = '" + csv + "': file does not exist.");
        }

        reader.ThrowIfInvalid();
        var csvReader = new CsvClickstreamReader(onBadRow: row =>
            Console.Error.WriteLine("line " + row.LineNumber.ToString(CultureInfo.InvariantCulture) + ": " + row.Reason));
        var events = EventTimeOrdering.SortInMemory(csvReader.ReadFile(csv!), MaxRowsInMemory);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read {csvReader.EventsRead} events ({csvReader.BadRowCount} bad rows of {csvReader.RowsRead})"));
        cancellationToken.ThrowIfCancellationRequested();
        var snapshots = OfflineSnapshots.FromEvents(events);
        var positives = snapshots.Count(s => s.Label == 1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"built {snapshots.Count} training snapshots ({positives} positive) with the live feature code"));
        cancellationToken.ThrowIfCancellationRequested();
        var result = OfflineEvaluation.Run(snapshots, new TrainingPipelineOptions { TuningBudget = budget, Seed = seed });
        Console.WriteLine(result.FormatTable());
        return Task.FromResult(0);
    }
}
