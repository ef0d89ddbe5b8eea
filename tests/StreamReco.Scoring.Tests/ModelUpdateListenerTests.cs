using StreamReco.Features;
using StreamReco.Kafka.Models;
using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Models;

namespace StreamReco.Scoring.Tests;

public sealed class ModelUpdateListenerTests
{
    private readonly ScoringWorld _world = new();

    [Fact]
    public void Chunked_model_is_activated_when_its_last_chunk_verifies()
    {
        var listener = new ModelUpdateListener(_world.Registry, _world.Metrics);
        var chunks = Chunks("v1", TestModels.ValidBytes);
        Assert.True(chunks.Count > 1, "the test model should span several chunks");

        var outcomes = chunks.Select(listener.OnMessage).ToList();

        Assert.All(outcomes.Take(chunks.Count - 1), Assert.Null);
        Assert.True(outcomes[^1]?.Accepted);
        Assert.Equal("v1", _world.Registry.Current?.Version);
    }

    [Fact]
    public void Tombstones_are_skipped()
    {
        var listener = new ModelUpdateListener(_world.Registry, _world.Metrics);

        Assert.Null(listener.OnMessage(null));
        Assert.Null(_world.Registry.Current);
        Assert.Equal(0, _world.Metrics.AssemblyFailures.Value);
    }

    [Fact]
    public void Corrupt_version_is_counted_and_the_previous_model_keeps_serving()
    {
        var listener = new ModelUpdateListener(_world.Registry, _world.Metrics);
        foreach (var chunk in Chunks("v1", TestModels.ValidBytes))
        {
            listener.OnMessage(chunk);
        }

        var bad = Chunks("v2", TestModels.ValidBytes).ToList();
        bad[^1] = bad[^1] with { ModelSha256 = new string('0', 64) };
        foreach (var chunk in bad)
        {
            listener.OnMessage(chunk);
        }

        Assert.Equal("v1", _world.Registry.Current?.Version);
        Assert.Equal(1, _world.Metrics.AssemblyFailures.Value);
    }

    [Fact]
    public void Verified_but_incompatible_model_is_rejected_by_the_registry()
    {
        var listener = new ModelUpdateListener(_world.Registry, _world.Metrics);
        foreach (var chunk in Chunks("v1", TestModels.ValidBytes))
        {
            listener.OnMessage(chunk);
        }

        ModelActivation? last = null;
        foreach (var chunk in Chunks("v2", TestModels.WrongLengthBytes))
        {
            last = listener.OnMessage(chunk);
        }

        Assert.False(last?.Accepted);
        Assert.Equal("v1", _world.Registry.Current?.Version);
    }

    private static IReadOnlyList<ModelVersion> Chunks(string version, byte[] bytes)
    {
        var manifest = new ModelManifest(
            TestModels.ModelName,
            version,
            TestData.Now,
            "FastTree",
            TestData.Now - 1000,
            TestData.Now,
            new Dictionary<string, string>(),
            new Dictionary<string, double> { ["auc"] = 0.8 },
            FeatureVector.Names,
            FeatureVector.SchemaFingerprint,
            []);
        return ModelChunker.Split(manifest, bytes, maxMessageBytes: ModelChunker.EstimateManifestBytes(manifest) + 128 + 4096);
    }
}
