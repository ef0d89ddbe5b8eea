using System.Diagnostics;
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
/// <remarks>
/// Restart safety: <see cref="Start"/> lets the global readers catch up with their topics before the stream app processes
/// anything, so a restarted scorer answers its first record with the latest model and the whole catalogue rather than with
/// the popularity fallback (or no list at all while the catalogue is empty). When the scorer owns its user table, that table
/// is reloaded the same way from features.user (compacted: the latest features per user) and the reader then stops: the stream
/// app's features.user source resumes at its committed offsets, which would otherwise leave every user seen before the
/// restart unknown (served by the unknown-user strategy) until their next feature update.
/// </remarks>
public sealed class ScoringHost : IDisposable
{
    /// <summary>How long <see cref="Start"/> waits for the global readers by default before starting the app anyway.</summary>
    public static readonly TimeSpan DefaultCatchUpTimeout = TimeSpan.FromSeconds(60);

    private readonly GlobalTopicReader<ModelVersion> _models;
    private readonly GlobalTopicReader<ItemFeatures> _items;
    private readonly GlobalTopicReader<UserFeatures>? _users;
    private readonly ILogger _log;

    public ScoringHost(ScoringService service, StreamsConfig streamsConfig, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(streamsConfig);
        loggerFactory ??= NullLoggerFactory.Instance;
        Service = service;
        var log = loggerFactory.CreateLogger<ScoringHost>();
        _log = log;
        _models = new GlobalTopicReader<ModelVersion>(
            streamsConfig.BootstrapServers, TopicNames.ModelVersions, Codecs.ModelVersion, m => service.OnModelMessage(m), service.Metrics.DecodeFailures.WithLabels(TopicNames.ModelVersions), log, streamsConfig.ConsumerConfig);
        _items = ReaderOf(streamsConfig, TopicNames.ItemFeatures, Codecs.ItemFeatures, service.OnItemFeatures, service, log);
        if (service.OwnsUserTable)
        {
            _users = ReaderOf(streamsConfig, TopicNames.UserFeatures, Codecs.UserFeatures, service.OnUserFeatures, service, log);
        }

        App = new StreamsApp(ScoringTopology.Build(service), streamsConfig, loggerFactory, service.Time);
    }

    public ScoringService Service { get; }

    public StreamsApp App { get; }

    public long ModelMessagesRead => _models.Consumed;

    public long ItemFeaturesRead => _items.Consumed;

    /// <summary>
    /// Starts the global readers, waits (bounded by <paramref name="catchUpTimeout"/>, default <see cref="DefaultCatchUpTimeout"/>)
    /// until they have read what their topics held, then starts the stream app. Past the deadline the app starts anyway, with a
    /// warning: answering from a partial model/catalogue beats not answering.
    /// </summary>
    public void Start(TimeSpan? catchUpTimeout = null)
    {
        _models.Start();
        _items.Start();
        _users?.Start();
        // Monotonic real time, not the service's TimeProvider: the readers wait in real time.
        var budget = catchUpTimeout ?? DefaultCatchUpTimeout;
        var elapsed = Stopwatch.StartNew();
        foreach (var reader in new IGlobalTopicReader?[] { _models, _items, _users })
        {
            var left = budget - elapsed.Elapsed;
            if (reader is not null && !reader.WaitUntilCaughtUp(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                _log.LogWarning("Scorer starts before the reader of {Topic} caught up ({Messages} messages read)", reader.Topic, reader.Consumed);
            }
        }

        // The user table is loaded; from here the stream app's features.user source keeps it current.
        _users?.Dispose();
        App.Start();
    }

    public void Dispose()
    {
        App.Dispose();
        _models.Dispose();
        _items.Dispose();
        _users?.Dispose();
    }

    /// <summary>A global reader of a compacted feature topic; tombstones carry nothing the scorer needs.</summary>
    private static GlobalTopicReader<T> ReaderOf<T>(
        StreamsConfig config, string topic, IMessageCodec<T> codec, Action<T> handle, ScoringService service, ILogger log)
        where T : class =>
        new(
            config.BootstrapServers,
            topic,
            codec,
            value =>
            {
                if (value is not null)
                {
                    handle(value);
                }
            },
            service.Metrics.DecodeFailures.WithLabels(topic),
            log,
            config.ConsumerConfig);
}
