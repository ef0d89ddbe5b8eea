using Microsoft.Extensions.Logging;
using StreamReco.Observability;
using StreamReco.Trainer.Service;

namespace StreamReco.Cli.Hosting;

/// <summary>Hosts the trainer: training set from training.snapshots, scheduled/triggered training, publication to models.versions.</summary>
public sealed class TrainerPipelineService(TrainerOptions options, HealthState health, ILoggerFactory loggers, TimeProvider time) : IPipelineService
{
    public string Name => "trainer";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        health.Register(Name);
        using var trainer = new TrainerService(options, time, loggers);
        // The training set is recovered from disk in the constructor; from here on the trainer can serve.
        health.SetReady(Name, true);
        try
        {
            await trainer.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            health.SetReady(Name, false);
        }
    }
}
