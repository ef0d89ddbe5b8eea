using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamReco.Features;
using StreamReco.Kafka;
using StreamReco.Kafka.Models;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Testing;

namespace StreamReco.Reliability.Tests;

/// <summary>
/// What a scorer needs to answer with a model: model versions on models.versions, a catalogue on features.item, core-segment
/// users on features.user (served by the personalised strategy, so every list carries the model version), and requests
/// "r{i}" for user "u{i % users}" on recommendation.requests.
/// </summary>
public sealed class ScorerInput(string bootstrapServers, int users)
{
    public const string ModelName = "ctr";
    private const int Items = 40;
    private const int Categories = 4;

    public int Users => users;

    public static string RequestId(int i) => "r" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>Publishes a version; <paramref name="servable"/> false publishes bytes that assemble and verify but are no ML.NET model.</summary>
    public void PublishModel(string version, bool servable = true)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var manifest = new ModelManifest(
            ModelName, version, now, "FastTree", now - 3_600_000, now, new Dictionary<string, string>(), new Dictionary<string, double>(),
            FeatureVector.Names, FeatureVector.SchemaFingerprint, []);
        var bytes = servable ? TinyModel.Bytes : Encoding.UTF8.GetBytes("not a model " + version);
        var chunks = ModelChunker.Split(manifest, bytes);
        using var producer = TestKafka.Producer(bootstrapServers);
        foreach (var chunk in chunks)
        {
            producer.Produce(TopicNames.ModelVersions, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(ModelChunkKeys.For(chunk.ModelName, chunk.Version, chunk.ChunkIndex, chunk.ChunkCount)),
                Value = Codecs.ModelVersion.Encode(chunk),
            });
        }

        producer.Flush(TimeSpan.FromSeconds(20));
    }

    public void ProduceCatalogueAndUsers()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var producer = TestKafka.Producer(bootstrapServers);
        for (var i = 0; i < Items; i++)
        {
            var item = new ItemFeatures("i" + i, "c" + (i % Categories), now, now - (1000 * 3_600_000L), 5, 20 + i, 100, 60, 0.2, 0.05, 0.01, i % 7);
            producer.Produce(TopicNames.ItemFeatures, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(item.ItemId), Value = Codecs.ItemFeatures.Encode(item) });
        }

        for (var u = 0; u < users; u++)
        {
            var user = new UserFeatures(
                "u" + u, now, new BehaviorCounts(3, 2, 1, 0, 0, 0), new BehaviorCounts(10, 5, 2, 1, 0, 1), new BehaviorCounts(40, 20, 5, 2, 1, 3),
                [new CategoryShare("c" + (u % Categories), 0.7), new CategoryShare("c" + ((u + 1) % Categories), 0.3)],
                now - 60_000, 60, 4, 4, 3, 2, UserSegment.Core);
            producer.Produce(TopicNames.UserFeatures, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(user.UserId), Value = Codecs.UserFeatures.Encode(user) });
        }

        producer.Flush(TimeSpan.FromSeconds(20));
    }

    public void ProduceRequests(int from, int count)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var producer = TestKafka.Producer(bootstrapServers);
        for (var i = from; i < from + count; i++)
        {
            var user = "u" + (i % users).ToString(CultureInfo.InvariantCulture);
            var json = "{\"requestId\":\"" + RequestId(i) + "\",\"userId\":\"" + user + "\",\"requestedAt\":" + now.ToString(CultureInfo.InvariantCulture) + "}";
            producer.Produce(TopicNames.RecommendationRequests, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(user), Value = Encoding.UTF8.GetBytes(json) });
        }

        producer.Flush(TimeSpan.FromSeconds(20));
    }

    /// <summary>Committed recommendations answering a request, by request id.</summary>
    public Dictionary<string, List<Recommendation>> Answers() =>
        TestKafka.ReadAll(bootstrapServers, TopicNames.Recommendations)
            .Select(r => Codecs.Recommendation.Decode(r.Message.Value))
            .Where(r => r.RequestId is not null)
            .GroupBy(r => r.RequestId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
}
