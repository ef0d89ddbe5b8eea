using System.Runtime.InteropServices;
using StreamReco.Cli.Commands;
using StreamReco.Cli.Configuration;

namespace StreamReco.Cli;

public static class Program
{
    private static readonly ICommand[] Commands =
    [
        new RunCommand(),
        new GenerateCommand(),
        new ReplayCommand(),
        new ServiceCommand("features", "Windowed user and item features (features.user, features.item, events.late).", f => f.Features()),
        new ServiceCommand("drift", "KS drift of live features against the model in service (metrics.drift, trainer.requests).", f => f.Drift()),
        new ServiceCommand("trainer", "Train on training.snapshots and publish champion models to models.versions.", f => f.Trainer()),
        new ServiceCommand("scorer", "Score candidates with the model in service and emit recommendations.", f => f.Scorer()),
        new EvalCommand(),
        new BrokerCommand(),
        new SoakCommand(),
    ];

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage();
            return args.Length == 0 ? 2 : 0;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            Console.Error.WriteLine("Unknown command '" + args[0] + "'.");
            PrintUsage();
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        // First Ctrl-C or SIGTERM stops cleanly (commit, flush, close); a second one kills the process.
        void Stop(PosixSignalContext context)
        {
            context.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        try
        {
            var configuration = CliConfiguration.Build(args[1..]);
            return await command.RunAsync(configuration, cancellation.Token).ConfigureAwait(false);
        }
        catch (ConfigurationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (FormatException e)
        {
            // Malformed command line (e.g. a switch without a value).
            Console.Error.WriteLine("Invalid arguments: " + e.Message);
            return 2;
        }
    }

    private static void PrintUsage()
    {
        Console.Error.WriteLine("usage: streamreco <command> [--bootstrap host:port] [options]");
        Console.Error.WriteLine("Without --bootstrap, commands start an embedded broker (librdkafka mock cluster) in-process.");
        Console.Error.WriteLine("commands:");
        foreach (var command in Commands)
        {
            Console.Error.WriteLine("  " + command.Name.PadRight(10) + command.Summary);
        }
    }
}
