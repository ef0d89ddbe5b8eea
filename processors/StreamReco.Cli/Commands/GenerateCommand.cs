using Microsoft.Extensions.Configuration;
using StreamReco.Cli.Configuration;
using StreamReco.Cli.Hosting;

namespace StreamReco.Cli.Commands;

/// <summary>Upstream producer: synthetic clickstream into events.clicks at --rate events/s until Ctrl-C or --events.</summary>
public sealed class GenerateCommand : ICommand
{
    public string Name => "generate";

    public string Summary => "Produce a synthetic clickstream (--rate, --users, --items, --seed, --drift-after, --events).";

    public async Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var reader = new SettingsReader(configuration);
        var settings = PipelineSettings.Read(configuration, reader, "streamreco-generator");
        var time = TimeProvider.System;
        var options = GeneratorSettings.Read(reader, time);
        reader.ThrowIfInvalid();
        using var loggers = Logging.Create(settings.LogLevel);
        using var cluster = await ClusterConnection.OpenAsync(settings.Bootstrap, settings.Partitions, cancellationToken).ConfigureAwait(false);
        var service = new SyntheticProducerService(cluster.BootstrapServers, options, time, loggers.CreateLogger("streamreco.generator"));
        return await new ServiceHost(loggers.CreateLogger("streamreco.generate")).RunAsync([service], cancellationToken).ConfigureAwait(false);
    }
}
