using StreamReco.Drift.Processing;
using StreamReco.Kafka.Models;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Tests.Processing;

public sealed class DriftReferenceFeedTests
{
    [Fact]
    public void A_chunked_version_is_put_in_service_only_when_its_final_chunk_completes_and_verifies()
    {
        var feed = new DriftReferenceFeed(new DriftReferenceHolder());
        var model = DriftTopologyTests.Model(new Random(3));
        var chunks = Chunks(model, ModelBytes(seed: 1));
        Assert.True(chunks.Count >= 3, "the test needs a multi-chunk version, got " + chunks.Count);

        foreach (var chunk in chunks.Take(chunks.Count - 1))
        {
            Assert.Null(feed.OnMessage(chunk));
            Assert.Null(feed.Holder.Current);
        }

        var published = feed.OnMessage(chunks[^1]);

        Assert.NotNull(published);
        var current = Assert.IsType<ModelVersion>(feed.Holder.Current);
        Assert.Equal(("ranker", "v1"), (current.ModelName, current.Version));
        Assert.Empty(current.Chunk);
        Assert.Equal(model.ReferenceDistributions.Select(r => r.Feature), current.ReferenceDistributions.Select(r => r.Feature));
        Assert.Equal(model.ReferenceDistributions[0].Values, current.ReferenceDistributions[0].Values);
        Assert.Equal(1, feed.Holder.Publications);
    }

    [Fact]
    public void A_version_that_fails_verification_is_not_put_in_service_and_the_previous_one_stays()
    {
        var feed = new DriftReferenceFeed(new DriftReferenceHolder());
        var rng = new Random(4);
        foreach (var chunk in Chunks(DriftTopologyTests.Model(rng), ModelBytes(seed: 2)))
        {
            feed.OnMessage(chunk);
        }

        var failuresBefore = DriftPrometheusMetrics.ModelAssemblyFailures.Value;
        var tampered = Chunks(DriftTopologyTests.Model(rng) with { Version = "v2" }, ModelBytes(seed: 3))
            .Select(c => c with { ModelSha256 = new string('0', 64) })
            .ToList();
        foreach (var chunk in tampered)
        {
            Assert.Null(feed.OnMessage(chunk));
        }

        Assert.Null(feed.OnMessage(null));
        Assert.Equal("v1", feed.Holder.Current?.Version);
        Assert.Equal(1, feed.Holder.Publications);
        Assert.True(DriftPrometheusMetrics.ModelAssemblyFailures.Value > failuresBefore);
    }

    internal static IReadOnlyList<ModelVersion> Chunks(ModelVersion model, byte[] bytes)
    {
        var manifest = new ModelManifest(
            model.ModelName, model.Version, model.CreatedAt, model.Algorithm, model.TrainingWindowStart, model.TrainingWindowEnd,
            model.Hyperparameters, model.Metrics, model.FeatureNames, model.FeatureSchemaFingerprint, model.ReferenceDistributions);
        // Smallest allowed chunk payload (1 KiB) so that a few KiB of incompressible bytes span several chunks.
        return ModelChunker.Split(manifest, bytes, ModelChunker.EstimateManifestBytes(manifest) + 128 + 1024);
    }

    internal static byte[] ModelBytes(int seed)
    {
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
