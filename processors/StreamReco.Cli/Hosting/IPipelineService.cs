namespace StreamReco.Cli.Hosting;

/// <summary>A long-running part of the pipeline hosted by a command (generator, processors, trainer, scorer).</summary>
public interface IPipelineService
{
    string Name { get; }

    /// <summary>Runs until cancelled (returns normally) or until a fatal error (throws).</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
