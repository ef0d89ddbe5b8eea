using Confluent.Kafka;
using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Testing;

namespace StreamReco.Features.Tests;

/// <summary>The feature topology on the embedded broker: emission, interactive queries, and restore from the changelogs.</summary>
public sealed class FeatureTopologyBrokerTests : IDisposable
{
    private const int Partitions = 2;
    private const int Users = 6;
    private const int Items = 4;
    private const int Clicks = 120;

    private readonly EmbeddedBroker _broker = EmbeddedBroker.Start();
    private readonly string _stateRoot = Path.Combine(Path.GetTempPath(), "streamreco-features-tests", Guid.NewGuid().ToString("N"));
    private readonly List<StreamsApp> _apps = [];
    private readonly FeatureTopologyOptions _options = new() { PersistentStores = true };

    public void Dispose()
    {
        foreach (var app in _apps)
        {
            app.Dispose();
        }

        _broker.Dispose();
        if (Directory.Exists(_stateRoot))
        {
            Directory.Delete(_stateRoot, recursive: true);
        }
    }

    [Fact]
    public async Task Features_are_emitted_queryable_and_restored_on_another_instance()
    {
        const string appId = "features-broker-test";
        var topology = FeatureTopology.Build(_options);
        foreach (var topic in topology.SourceTopics(appId).Concat(topology.InternalTopics(appId)).Concat(
                     [TopicNames.ClicksDeadLetter, TopicNames.UserFeatures, TopicNames.ItemFeatures, TopicNames.LateEvents]))
        {
            _broker.CreateTopic(topic, Partitions);
        }

        // Event times an hour back, one second apart, so the validator's future-skew check passes on the real clock.
        var start = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        ProduceClicks(start);

        var first = StartApp(topology, appId, "a");
        var firstLookup = StoreFeatureLookup.ForApp(first, _options);
        await Eventually.UntilAsync(() => AllFolded(firstLookup), "every click folded into user and item stores");

        var emitted = TestKafka.ReadAll(_broker.BootstrapServers, TopicNames.UserFeatures)
            .GroupBy(r => System.Text.Encoding.UTF8.GetString(r.Message.Key))
            .ToDictionary(g => g.Key, g => Codecs.UserFeatures.Decode(g.MaxBy(r => r.Message.Timestamp.UnixTimestampMs)!.Message.Value));
        Assert.Equal(Users, emitted.Count);
        foreach (var (user, features) in emitted)
        {
            FeatureAssert.Equal(features, firstLookup.GetUser(user));
        }

        var before = Enumerable.Range(0, Users).Select(u => firstLookup.GetUser("u" + u)).ToList();
        var itemsBefore = Enumerable.Range(0, Items).Select(i => firstLookup.GetItem("i" + i)).ToList();
        Assert.True(first.Close(TimeSpan.FromSeconds(20)));

        // A new instance with an empty state directory must rebuild both stores from their changelogs.
        var second = StartApp(FeatureTopology.Build(_options), appId, "b");
        var secondLookup = StoreFeatureLookup.ForApp(second, _options);
        await Eventually.UntilAsync(() => AllFolded(secondLookup), "stores restored on the second instance");

        for (var u = 0; u < Users; u++)
        {
            FeatureAssert.Equal(before[u], secondLookup.GetUser("u" + u));
        }

        Assert.Equal(itemsBefore, Enumerable.Range(0, Items).Select(i => secondLookup.GetItem("i" + i)));
    }

    private static bool AllFolded(StoreFeatureLookup lookup)
    {
        try
        {
            return Enumerable.Range(0, Users).All(u => lookup.GetUser("u" + u)?.Counts7d.Total == Clicks / Users)
                && Enumerable.Range(0, Items).All(i => lookup.GetItem("i" + i)?.Popularity7d == Clicks / Items);
        }
        catch (InvalidStateStoreException)
        {
            return false;
        }
    }

    private void ProduceClicks(long start)
    {
        using var producer = TestKafka.Producer(_broker.BootstrapServers);
        for (var i = 0; i < Clicks; i++)
        {
            var click = new ClickEvent(
                "e" + i, "u" + (i % Users), "i" + (i % Items), "c" + (i % 3), (Behavior)(i % 6), start + (i * 1000L));
            producer.Produce(TopicNames.Clicks, new Message<byte[], byte[]>
            {
                Key = System.Text.Encoding.UTF8.GetBytes(click.UserId),
                Value = Codecs.ClickEvent.Encode(click),
                Timestamp = new Timestamp(click.EventTime, TimestampType.CreateTime),
            });
        }

        producer.Flush(TimeSpan.FromSeconds(10));
    }

    private StreamsApp StartApp(Topology topology, string appId, string instanceId)
    {
        var app = new StreamsApp(topology, new StreamsConfig
        {
            ApplicationId = appId,
            BootstrapServers = _broker.BootstrapServers,
            ProcessingGuarantee = ProcessingGuarantee.ExactlyOnce,
            InstanceId = instanceId,
            StateDir = Path.Combine(_stateRoot, instanceId),
            CommitInterval = TimeSpan.FromMilliseconds(100),
            SessionTimeout = TimeSpan.FromSeconds(6),
            RestoreTimeout = TimeSpan.FromSeconds(20),
        });
        _apps.Add(app);
        app.Start();
        return app;
    }
}
