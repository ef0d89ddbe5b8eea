using StreamReco.Kafka;

namespace StreamReco.Cli.Commands;

/// <summary>
/// The cluster a command talks to: the one named by --bootstrap, or an embedded broker started here
/// (librdkafka's in-memory mock cluster) when none is given. Pipeline topics exist once this is built.
/// </summary>
public sealed class ClusterConnection : IDisposable
{
    private readonly EmbeddedBroker? _embedded;
    private readonly KafkaTopicAdmin? _admin;
    private readonly bool _ownsBroker;

    private ClusterConnection(string bootstrapServers, ITopicAdmin topics, EmbeddedBroker? embedded, KafkaTopicAdmin? admin, bool ownsBroker = true)
    {
        BootstrapServers = bootstrapServers;
        Topics = topics;
        _embedded = embedded;
        _admin = admin;
        _ownsBroker = ownsBroker;
    }

    public string BootstrapServers { get; }

    public ITopicAdmin Topics { get; }

    public bool IsEmbedded => _embedded is not null;

    public EmbeddedBroker? Embedded => _embedded;

    /// <summary>Extra consumer settings every client of this cluster should use (<see cref="EmbeddedBroker.ConsumerTuning"/>).</summary>
    public IReadOnlyDictionary<string, string> ConsumerConfig =>
        _embedded is not null ? EmbeddedBroker.ConsumerTuning : new Dictionary<string, string>();

    public static async Task<ClusterConnection> OpenAsync(string? bootstrap, int partitions, CancellationToken cancellationToken)
    {
        if (bootstrap is null)
        {
            var broker = EmbeddedBroker.Start();
            broker.CreatePipelineTopics(partitions);
            return new ClusterConnection(broker.BootstrapServers, broker, broker, null);
        }

        var admin = new KafkaTopicAdmin(bootstrap);
        await admin.EnsureTopicsAsync(PipelineTopics.All(partitions), cancellationToken).ConfigureAwait(false);
        return new ClusterConnection(bootstrap, admin, null, admin);
    }

    /// <summary>Uses a broker the caller owns (tests, benchmarks); disposing the connection leaves it running.</summary>
    public static ClusterConnection ForEmbedded(EmbeddedBroker broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return new ClusterConnection(broker.BootstrapServers, broker, broker, null, ownsBroker: false);
    }

    public void Dispose()
    {
        _admin?.Dispose();
        if (_ownsBroker)
        {
            _embedded?.Dispose();
        }
    }
}
