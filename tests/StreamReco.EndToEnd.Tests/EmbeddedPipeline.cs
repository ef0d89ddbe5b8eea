using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamReco.Cli.Commands;
using StreamReco.Cli.Configuration;
using StreamReco.Cli.Hosting;
using StreamReco.Kafka;
using StreamReco.Kafka.Models;
using StreamReco.Observability;
using StreamReco.Producers;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Testing;

namespace StreamReco.EndToEnd.Tests;

/// <summary>
/// What an end-to-end test runs the pipeline on: one embedded broker with the pipeline topics, a private state directory,
/// a stop signal for the services, and services built by the CLI's <see cref="ServiceFactory"/> as `streamreco run` builds them.
/// </summary>
internal sealed class EmbeddedPipeline : IDisposable
{
    private readonly string _applicationId;
    private readonly int _partitions;
    private readonly ILoggerFactory _loggers;

    public EmbeddedPipeline(string applicationId, int partitions, ILoggerFactory loggers)
    {
        _applicationId = applicationId;
        _partitions = partitions;
        _loggers = loggers;
        StateDirectory = Path.Combine(Path.GetTempPath(), "streamreco-" + applicationId + "-" + Guid.NewGuid().ToString("N"));
        Broker.CreatePipelineTopics(partitions);
    }

    public EmbeddedBroker Broker { get; } = EmbeddedBroker.Start();

    public string StateDirectory { get; }

    public CancellationTokenSource Stop { get; } = new();

    public ServiceFactory Factory()
    {
        var settings = new PipelineSettings(
            Bootstrap: Broker.BootstrapServers,
            Partitions: _partitions,
            ExactlyOnce: false,
            ApplicationId: _applicationId,
            MetricsHost: "127.0.0.1",
            MetricsPort: 0,
            StateDirectory: StateDirectory,
            LogLevel: LogLevel.Warning,
            TrainerMinNewRows: 500,
            TrainerSchedule: TimeSpan.FromHours(1));
        return new ServiceFactory(settings, ClusterConnection.ForEmbedded(Broker), new HealthState(), _loggers, TimeProvider.System);
    }

    public async Task ProduceAsync(IEnumerable<ClickEvent> events)
    {
        using var producer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = Broker.BootstrapServers });
        await producer.ProduceAllAsync(events);
    }

    /// <summary>Publishes a model version on models.versions chunked and keyed as the trainer publishes it.</summary>
    public async Task PublishModelAsync(ModelManifest manifest, byte[] modelBytes)
    {
        var chunks = ModelChunker.Split(manifest, modelBytes);
        using var producer = TestKafka.Producer(Broker.BootstrapServers);
        for (var i = 0; i < chunks.Count; i++)
        {
            await producer.ProduceAsync(TopicNames.ModelVersions, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(ModelChunkKeys.For(manifest.ModelName, manifest.Version, i, chunks.Count)),
                Value = Codecs.ModelVersion.Encode(chunks[i]),
            });
        }
    }

    public void Dispose()
    {
        Stop.Cancel();
        Stop.Dispose();
        Broker.Dispose();
        if (Directory.Exists(StateDirectory))
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }
}
