using Microsoft.Extensions.Logging;
using StreamReco.Kafka;
using StreamReco.Observability;
using StreamReco.Streams;

namespace StreamReco.Cli.Hosting;

/// <summary>
/// Hosts one stream-processing application: creates its internal topics, starts it, reports readiness only while
/// it is Running (state restored), stops it gracefully on cancellation and rethrows a fatal error so the host exits.
/// Optional global readers (whole topics read by every instance, e.g. models.versions for drift) are created and started
/// before the app, so the app's processors can see their tables from the start, and disposed after it has closed.
/// </summary>
public sealed class StreamsAppService(
    string name, Topology topology, StreamsConfig config, ITopicAdmin topics, int partitions, HealthState health,
    ILoggerFactory loggers, TimeProvider time, IReadOnlyList<Func<IGlobalTopicReader>>? globalReaders = null) : IPipelineService
{
    private StreamsApp? _app;

    public string Name => name;

    /// <summary>The running application, for interactive queries; null before start.</summary>
    public StreamsApp? App => _app;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        health.Register(name);
        var internalTopics = topology.InternalTopics(config.ApplicationId).Select(t => new TopicSpec(t, partitions, Compacted: t.EndsWith("-changelog", StringComparison.Ordinal)));
        await topics.EnsureTopicsAsync(internalTopics, cancellationToken).ConfigureAwait(false);
        var readers = new List<IGlobalTopicReader>();
        try
        {
            foreach (var create in globalReaders ?? [])
            {
                var reader = create();
                readers.Add(reader);
                reader.Start();
            }

            await RunAppAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    private async Task RunAppAsync(CancellationToken cancellationToken)
    {
        using var app = new StreamsApp(topology, config, loggers, time);
        app.StateChanged += (_, e) => health.SetReady(name, e.NewState == StreamsState.Running);
        _app = app;
        app.Start();
        try
        {
            await app.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            app.Close(TimeSpan.FromSeconds(30));
        }
        finally
        {
            health.SetReady(name, false);
        }

        // A fatal error after Close still surfaces here.
        await app.Completion.ConfigureAwait(false);
    }
}
