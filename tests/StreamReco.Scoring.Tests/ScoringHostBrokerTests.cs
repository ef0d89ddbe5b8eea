using System.Text;
using Confluent.Kafka;
using StreamReco.Features;
using StreamReco.Kafka;
using StreamReco.Kafka.Models;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Serving;
using StreamReco.Streams;
using StreamReco.Testing;

namespace StreamReco.Scoring.Tests;

public sealed class ScoringHostBrokerTests
{
    [Fact]
    public async Task Host_reads_models_and_items_globally_and_answers_clicks_on_the_broker()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreatePipelineTopics(partitions: 2);
        var metrics = new ScoringMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        // A cold first request on a busy CI machine can exceed 20 ms; this test is about wiring, the budget is tested elsewhere.
        var service = new ScoringService(new ScoringOptions { TopN = 5, LatencyBudget = TimeSpan.FromSeconds(10) }, metrics);
        using var producer = TestKafka.Producer(broker.BootstrapServers);

        // The model and the catalogue are on the topics before the host starts: it must read them from the beginning.
        foreach (var chunk in ModelChunks("v1"))
        {
            producer.Produce(TopicNames.ModelVersions, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(ModelChunkKeys.For(chunk.ModelName, chunk.Version, chunk.ChunkIndex, chunk.ChunkCount)),
                Value = Codecs.ModelVersion.Encode(chunk),
            });
        }

        for (var i = 0; i < 20; i++)
        {
            var item = TestData.Item("i" + i, "c" + (i % 3), popularity24h: 100 - i, trending: i % 5);
            producer.Produce(TopicNames.ItemFeatures, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(item.ItemId),
                Value = Codecs.ItemFeatures.Encode(item),
            });
        }

        var user = TestData.User("u1", UserSegment.Core, ("c1", 1.0));
        producer.Produce(TopicNames.UserFeatures, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("u1"), Value = Codecs.UserFeatures.Encode(user) });
        producer.Flush(TimeSpan.FromSeconds(10));

        var config = new StreamsConfig
        {
            ApplicationId = "scorer-" + Guid.NewGuid().ToString("N"),
            BootstrapServers = broker.BootstrapServers,
            StateDir = Path.Combine(Path.GetTempPath(), "streamreco-tests", Guid.NewGuid().ToString("N")),
            CommitInterval = TimeSpan.FromMilliseconds(100),
            SessionTimeout = TimeSpan.FromSeconds(6),
        };
        using var host = new ScoringHost(service, config);
        host.Start();
        await Eventually.UntilAsync(() => service.Registry.Current?.Version == "v1", "model v1 in service");
        await Eventually.UntilAsync(() => service.Catalog.Count == 20, "20 items in the catalogue");
        await Eventually.UntilAsync(() => service.UserCache.GetUserFeatures("u1") is not null, "u1 features in the user table");

        var click = TestData.Click("u1", "i4", "c1", TestData.Now);
        producer.Produce(TopicNames.Clicks, new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes("u1"),
            Value = Codecs.ClickEvent.Encode(click),
            Timestamp = new Timestamp(click.EventTime, TimestampType.CreateTime),
        });
        producer.Flush(TimeSpan.FromSeconds(10));

        Recommendation? received = null;
        await Eventually.UntilAsync(
            () =>
            {
                received = TestKafka.ReadAll(broker.BootstrapServers, TopicNames.Recommendations)
                    .Select(r => Codecs.Recommendation.Decode(r.Message.Value))
                    .FirstOrDefault(r => r.TriggerEventId == click.EventId);
                return received is not null;
            },
            "a recommendation for the click");

        Assert.Equal("u1", received!.UserId);
        Assert.True(received.ModelVersion == "v1", "served " + received.ModelVersion + " because " + received.FallbackReason);
        Assert.Equal(StrategyNames.Personalised, received.Strategy);
        Assert.Equal(5, received.Items.Count);
        Assert.True(metrics.EndToEndLatency.Count >= 1);
    }

    private static IReadOnlyList<ModelVersion> ModelChunks(string version)
    {
        var manifest = new ModelManifest(
            TestModels.ModelName, version, TestData.Now, "FastTree", TestData.Now - 1000, TestData.Now,
            new Dictionary<string, string>(), new Dictionary<string, double>(), FeatureVector.Names, FeatureVector.SchemaFingerprint, []);
        return ModelChunker.Split(manifest, TestModels.ValidBytes, maxMessageBytes: ModelChunker.EstimateManifestBytes(manifest) + 128 + 4096);
    }
}
