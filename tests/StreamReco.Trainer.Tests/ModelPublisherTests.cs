using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Features;
using StreamReco.Kafka;
using StreamReco.Kafka.Models;
using StreamReco.Schemas;
using StreamReco.Testing;
using StreamReco.Trainer.Publishing;
using StreamReco.Trainer.Service;

namespace StreamReco.Trainer.Tests;

public sealed class ModelPublisherTests
{
    private const int MaxMessage = 8_000;

    [Fact]
    public async Task Publishing_a_new_version_tombstones_the_old_chunk_keys_and_the_loader_finds_the_newest()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreatePipelineTopics(partitions: 1);
        using var producer = new Confluent.Kafka.ProducerBuilder<string, byte[]?>(
            new Confluent.Kafka.ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var publisher = new ModelPublisher(producer, Codecs.ModelVersion, TopicNames.ModelVersions, MaxMessage);

        var v1 = await publisher.PublishAsync(Manifest("100"), RandomBytes(15_000, 1), null, CancellationToken.None);
        var v2Bytes = RandomBytes(12_000, 2);
        var v2 = await publisher.PublishAsync(Manifest("101"), v2Bytes, v1, CancellationToken.None);

        Assert.True(v1.ChunkCount >= 3, "chunks " + v1.ChunkCount);
        var records = TestKafka.ReadAll(broker.BootstrapServers, TopicNames.ModelVersions);
        var keys = records.Select(r => Encoding.UTF8.GetString(r.Message.Key)).ToList();
        var expected = Enumerable.Range(0, v1.ChunkCount - 1).Select(i => "ctr/100/" + i).Append("ctr")
            .Concat(Enumerable.Range(0, v2.ChunkCount - 1).Select(i => "ctr/101/" + i).Append("ctr"))
            .Concat(Enumerable.Range(0, v1.ChunkCount - 1).Select(i => "ctr/100/" + i));
        Assert.Equal(expected, keys);
        var tombstones = records.Skip(v1.ChunkCount + v2.ChunkCount).ToList();
        Assert.All(tombstones, r => Assert.Null(r.Message.Value));
        Assert.All(records.Take(v1.ChunkCount + v2.ChunkCount), r => Assert.True(r.Message.Value.Length <= MaxMessage));

        var champion = ChampionLoader.Load(broker.BootstrapServers, "ctr", Codecs.ModelVersion, TimeSpan.FromSeconds(20), NullLogger.Instance);

        Assert.NotNull(champion);
        Assert.Equal("101", champion.Version);
        Assert.Equal(v2Bytes, champion.ModelBytes);
        Assert.Equal(0.42, champion.Threshold);
        Assert.Equal(v2.ChunkCount, champion.ChunkCount);
        Assert.Equal(1.5, champion.Calibrator!.A);
    }

    private static ModelManifest Manifest(string version) => new(
        "ctr", version, 1_700_000_000_000, "FastTreeRanking", 1, 2,
        new Dictionary<string, string> { ["number_of_trees"] = "50", [ChampionModel.PlattAKey] = "1.5", [ChampionModel.PlattBKey] = "-0.5" },
        new Dictionary<string, double> { ["auc"] = 0.81, ["threshold"] = 0.42 },
        FeatureVector.Names.ToArray(), FeatureVector.SchemaFingerprint, []);

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
