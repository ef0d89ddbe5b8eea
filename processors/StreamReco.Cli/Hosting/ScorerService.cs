using Microsoft.Extensions.Logging;
using StreamReco.Kafka;
using StreamReco.Observability;
using StreamReco.Scoring;
using StreamReco.Scoring.Serving;
using StreamReco.Streams;

namespace StreamReco.Cli.Hosting;

/// <summary>Hosts the scorer: model and catalogue readers plus the scoring stream app; ready while the app is Running.</summary>
public sealed class ScorerService(
    ScoringOptions options, StreamsConfig config, ITopicAdmin topics, int partitions, HealthState health, ILoggerFactory loggers, TimeProvider time)
    : IPipelineService
{
    public string Name => "scorer";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        health.Register(Name);
        var service = new ScoringService(options, new ScoringMetrics(), time, loggers);
        var internalTopics = ScoringTopology.Build(service).InternalTopics(config.ApplicationId)
            .Select(t => new TopicSpec(t, partitions, Compacted: t.EndsWith("-changelog", StringComparison.Ordinal)));
        await topics.EnsureTopicsAsync(internalTopics, cancellationToken).ConfigureAwait(false);
        using var host = new ScoringHost(service, config, loggers);
        host.App.StateChanged += (_, e) => health.SetReady(Name, e.NewState == StreamsState.Running);
        host.Start();
        try
        {
            await host.App.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            host.App.Close(TimeSpan.FromSeconds(30));
        }
        finally
        {
            health.SetReady(Name, false);
        }

        await host.App.Completion.ConfigureAwait(false);
    }
}
