using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;

namespace StreamReco.Scoring.Serving;

/// <summary>
/// One running scorer instance: the stream app over <see cref="ScoringTopology"/> plus global readers of
/// models.versions (hot swap) and features.item (catalogue). For the CLI's <c>streamreco scorer</c>.
/// </summary>
public sealed class ScoringHost : IDisposable
{
    private readonly GlobalTopicReader<ModelVersion> _models;
    private readonly GlobalTopicReader<ItemFeatures> _items;

    public ScoringHost(ScoringService service, StreamsConfig streamsConfig, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(streamsConfig);
        loggerFactory ??= NullLoggerFactory.Instance;
        Service = service;
        var log = loggerFactory.CreateLogger<ScoringHost>();
        _models = new GlobalTopicReader<ModelVersion>(
            streamsConfig.BootstrapServers, TopicNames.ModelVersions, Codecs.ModelVersion, m => service.OnModelMessage(m), service.Metrics.DecodeFailures.WithLabels(TopicNames.ModelVersions), log, streamsConfig.ConsumerConfig);
        _items = new GlobalTopicReader<ItemFeatures>(
            streamsConfig.BootstrapServers,
            TopicNames.ItemFeatures,
            Codecs.ItemFeatures,
            i =>
            {
                if (i is not null)
                {
                    service.OnItemFeatures(i);
                }
            },
            service.Metrics.DecodeFailures.WithLabels(TopicNames.ItemFeatures),
            log,
            streamsConfig.ConsumerConfig);
        App = new StreamsApp(ScoringTopology.Build(service), streamsConfig, loggerFactory, service.Time);
    }

    public ScoringService Service { get; }

    public StreamsApp App { get; }

    public long ModelMessagesRead => _models.Consumed;

    public long ItemFeaturesRead => _items.Consumed;

    public void Start()
    {
        _models.Start();
        _items.Start();
        App.Start();
    }

    public void Dispose()
    {
        App.Dispose();
        _models.Dispose();
        _items.Dispose();
    }
}
