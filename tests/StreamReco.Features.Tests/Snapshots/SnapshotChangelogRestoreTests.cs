using System.Text;
using Confluent.Kafka;
using StreamReco.Features.Processing;
using StreamReco.Features.Snapshots;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Testing;
using static StreamReco.Features.Tests.Times;

namespace StreamReco.Features.Tests.Snapshots;

/// <summary>The real restore path: a second instance with an empty state directory rebuilds the stores from the changelogs.</summary>
public sealed class SnapshotChangelogRestoreTests : IDisposable
{
    private readonly EmbeddedBroker _broker = EmbeddedBroker.Start();
    private readonly string _stateRoot = Path.Combine(Path.GetTempPath(), "streamreco-snapshot-tests", Guid.NewGuid().ToString("N"));
    private readonly List<StreamsApp> _apps = [];

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
    public async Task Pending_exposures_are_restored_from_the_changelog_and_each_snapshot_is_emitted_once()
    {
        // In-memory stores: after the restart nothing is local, everything comes back from the changelogs.
        var options = new FeatureTopologyOptions { PersistentStores = false };
        var topology = FeatureTopology.Build(options);
        const string appId = "snapshot-restore";
        foreach (var topic in topology.SourceTopics(appId).Concat(topology.InternalTopics(appId)).Concat(
                     [TopicNames.UserFeatures, TopicNames.ItemFeatures, TopicNames.LateEvents, TopicNames.TrainingSnapshots, TopicNames.ClicksDeadLetter]))
        {
            _broker.CreateTopic(topic, 1);
        }

        var view1 = Click("u1", "i1", Behavior.View, T0 + Minutes(1));
        var view2 = Click("u2", "i2", Behavior.Click, T0 + Minutes(2));
        Produce(view1, view2);
        var first = StartApp(topology, appId, "a");
        await Eventually.UntilAsync(() => PendingCount(first, options) == 2, "two exposures pending");
        Assert.True(first.Close(TimeSpan.FromSeconds(20)));
        first.Dispose();
        Assert.Empty(TestKafka.ReadAll(_broker.BootstrapServers, TopicNames.TrainingSnapshots));

        var second = StartApp(topology, appId, "b");
        Produce(Click("u1", "i1", Behavior.Cart, T0 + Minutes(20)), Click("ticker", "tick-item", Behavior.Share, T0 + Hours(1)));
        await Eventually.UntilAsync(
            () => PendingCount(second, options) == 0 && ItemFeatureKeys().Contains("tick-item"), "the ticker processed and nothing pending");
        Assert.True(second.Close(TimeSpan.FromSeconds(20)));

        var snapshots = TestKafka.ReadAll(_broker.BootstrapServers, TopicNames.TrainingSnapshots)
            .Select(r => Codecs.TrainingSnapshot.Decode(r.Message.Value))
            .ToList();
        Assert.Equal(2, snapshots.Count);
        var positive = snapshots.Single(s => s.ExposureId == view1.EventId);
        Assert.Equal((1, (long?)(T0 + Minutes(20))), (positive.Label, positive.LabelTime));
        Assert.Equal(0, snapshots.Single(s => s.ExposureId == view2.EventId).Label);
        Assert.Equal(1, positive.Features["item_popularity_1h"]);
    }

    private StreamsApp StartApp(Topology topology, string appId, string instanceId)
    {
        var app = new StreamsApp(topology, new StreamsConfig
        {
            ApplicationId = appId,
            BootstrapServers = _broker.BootstrapServers,
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

    private void Produce(params ClickEvent[] clicks)
    {
        using var producer = TestKafka.Producer(_broker.BootstrapServers);
        foreach (var click in clicks)
        {
            producer.Produce(TopicNames.Clicks, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(click.UserId),
                Value = Codecs.ClickEvent.Encode(click),
                Timestamp = new Timestamp(click.EventTime, TimestampType.CreateTime),
            });
        }

        producer.Flush(TimeSpan.FromSeconds(10));
    }

    private HashSet<string> ItemFeatureKeys() =>
        [.. TestKafka.ReadAll(_broker.BootstrapServers, TopicNames.ItemFeatures).Select(r => Encoding.UTF8.GetString(r.Message.Key))];

    private static long PendingCount(StreamsApp app, FeatureTopologyOptions options)
    {
        try
        {
            return app.Store<byte[], PendingList>(options.Snapshots.PendingStoreName).All().Sum(e => e.Value.Items.Count);
        }
        catch (InvalidStateStoreException)
        {
            return -1;
        }
    }
}
