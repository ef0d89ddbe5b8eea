using Microsoft.Extensions.Configuration;
using StreamReco.Cli.Configuration;
using StreamReco.Kafka;

namespace StreamReco.Cli.Commands;

/// <summary>Starts a standalone embedded broker with the pipeline topics and waits, for kcat or other tools.</summary>
public sealed class BrokerCommand : ICommand
{
    public string Name => "broker";

    public string Summary => "Start the embedded broker with the pipeline topics and print its bootstrap servers.";

    public async Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var reader = new SettingsReader(configuration);
        var partitions = reader.Int("Kafka:Partitions", PipelineTopics.DefaultPartitions, 1, 256);
        reader.ThrowIfInvalid();
        using var broker = EmbeddedBroker.Start();
        broker.CreatePipelineTopics(partitions);
        Console.WriteLine("bootstrap " + broker.BootstrapServers);
        Console.WriteLine("topics " + string.Join(",", PipelineTopics.All(partitions).Select(t => t.Name)));
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: the broker and its in-memory topics go away.
        }

        return 0;
    }
}
