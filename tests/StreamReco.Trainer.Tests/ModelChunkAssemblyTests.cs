using StreamReco.Kafka.Models;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Trainer.Tests;

public sealed class ModelChunkAssemblyTests
{
    private const int MaxMessage = 64 * 1024;

    [Fact]
    public void Chunks_round_trip_and_only_the_final_chunk_completes_the_version()
    {
        var bytes = RandomBytes(300_000, 1);
        var chunks = ModelChunker.Split(Manifest("7"), bytes, MaxMessage);

        Assert.True(chunks.Count >= 5, "incompressible 300 KB in 64 KB messages, got " + chunks.Count);
        Assert.All(chunks, c => Assert.Equal(chunks.Count, c.ChunkCount));
        Assert.All(chunks, c => Assert.True(c.Chunk.Length + ModelChunker.EstimateManifestBytes(Manifest("7")) < MaxMessage));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), chunks[0].ModelSha256);

        var assembler = new ModelAssembler();
        for (var i = 0; i < chunks.Count - 1; i++)
        {
            Assert.Null(assembler.Add(chunks[i]));
        }

        var model = assembler.Add(chunks[^1]);

        Assert.NotNull(model);
        Assert.Equal(bytes, model.ModelBytes);
        Assert.Equal("7", model.Version);
        Assert.Equal(0.81, model.Manifest.Metrics["auc"]);
        Assert.Empty(model.Manifest.Chunk);
        Assert.Equal(0, assembler.PendingVersions);
    }

    [Fact]
    public void Compressible_model_fits_one_chunk()
    {
        var chunks = ModelChunker.Split(Manifest("1"), new byte[500_000], ModelChunker.DefaultMaxMessageBytes);

        Assert.Single(chunks);
        Assert.Equal(500_000, new ModelAssembler().Add(chunks[0])!.ModelBytes.Length);
    }

    [Fact]
    public void Keys_put_the_final_chunk_under_the_model_name()
    {
        Assert.Equal("ctr/7/0", ModelChunkKeys.For("ctr", "7", 0, 3));
        Assert.Equal("ctr/7/1", ModelChunkKeys.For("ctr", "7", 1, 3));
        Assert.Equal("ctr", ModelChunkKeys.For("ctr", "7", 2, 3));
        Assert.Equal("ctr", ModelChunkKeys.For("ctr", "7", 0, 1));
        Assert.Equal(["ctr/7/0", "ctr/7/1"], ModelChunkKeys.TombstonesFor("ctr", "7", 3));
    }

    [Fact]
    public void Corrupted_chunk_is_rejected_and_a_later_good_version_still_assembles()
    {
        var chunks = ModelChunker.Split(Manifest("7"), RandomBytes(200_000, 2), MaxMessage).ToList();
        var flipped = (byte[])chunks[1].Chunk.Clone();
        flipped[100] ^= 0xFF;
        chunks[1] = chunks[1] with { Chunk = flipped };
        var assembler = new ModelAssembler();

        var error = Assert.Throws<ModelAssemblyException>(() => AddAll(assembler, chunks));

        Assert.Contains(error.Failure, new[] { ModelAssemblyFailure.ChecksumMismatch, ModelAssemblyFailure.CorruptCompression });
        Assert.Equal("7", error.Version);
        Assert.Equal(0, assembler.PendingVersions);
        var good = ModelChunker.Split(Manifest("8"), RandomBytes(1000, 3), MaxMessage);
        Assert.NotNull(AddAll(assembler, good));
    }

    [Fact]
    public void Reader_path_skips_tombstones_and_reports_a_bad_version_instead_of_throwing()
    {
        var assembler = new ModelAssembler();
        var failures = new List<ModelAssemblyException>();
        var bad = ModelChunker.Split(Manifest("7"), RandomBytes(200_000, 11), MaxMessage).ToList();
        bad[^1] = bad[^1] with { Chunk = bad[^1].Chunk[..(bad[^1].Chunk.Length / 2)] };

        Assert.Null(assembler.AddOrReport(null, failures.Add));
        Assert.All(bad, c => Assert.Null(assembler.AddOrReport(c, failures.Add)));
        var good = ModelChunker.Split(Manifest("8"), RandomBytes(1000, 12), MaxMessage);
        var assembled = good.Select(c => assembler.AddOrReport(c, failures.Add)).Last();

        Assert.Equal("7", Assert.Single(failures).Version);
        Assert.Equal("8", assembled?.Version);
    }

    [Fact]
    public void Truncated_final_chunk_is_rejected()
    {
        var chunks = ModelChunker.Split(Manifest("7"), RandomBytes(200_000, 4), MaxMessage).ToList();
        chunks[^1] = chunks[^1] with { Chunk = chunks[^1].Chunk[..(chunks[^1].Chunk.Length / 2)] };

        var error = Assert.Throws<ModelAssemblyException>(() => AddAll(new ModelAssembler(), chunks));

        Assert.Contains(error.Failure, new[] { ModelAssemblyFailure.CorruptCompression, ModelAssemblyFailure.LengthMismatch });
    }

    [Fact]
    public void Missing_chunk_is_rejected_when_the_final_chunk_arrives()
    {
        var chunks = ModelChunker.Split(Manifest("7"), RandomBytes(200_000, 5), MaxMessage).ToList();
        chunks.RemoveAt(1);

        var error = Assert.Throws<ModelAssemblyException>(() => AddAll(new ModelAssembler(), chunks));

        Assert.Equal(ModelAssemblyFailure.MissingChunk, error.Failure);
        Assert.Contains("chunk 1 is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_checksum_wrong_length_and_bad_indices_are_rejected()
    {
        var chunk = ModelChunker.Split(Manifest("7"), RandomBytes(1000, 6), MaxMessage)[0];

        Assert.Equal(ModelAssemblyFailure.ChecksumMismatch, Reject(chunk with { ModelSha256 = new string('0', 64) }));
        Assert.Equal(ModelAssemblyFailure.LengthMismatch, Reject(chunk with { ModelLength = 999 }));
        Assert.Equal(ModelAssemblyFailure.LengthMismatch, Reject(chunk with { ModelLength = 1001 }));
        Assert.Equal(ModelAssemblyFailure.InvalidChunk, Reject(chunk with { ChunkIndex = 1 }));
        Assert.Equal(ModelAssemblyFailure.InvalidChunk, Reject(chunk with { Chunk = [] }));
        Assert.Equal(ModelAssemblyFailure.InvalidChunk, Reject(chunk with { Version = "" }));
        Assert.Equal(ModelAssemblyFailure.TooLarge, Reject(chunk with { ModelLength = ModelAssembler.DefaultMaxModelBytes + 1 }));
        Assert.Equal(ModelAssemblyFailure.CorruptCompression, Reject(chunk with { Chunk = RandomBytes(50, 7) }));
    }

    [Fact]
    public void Inconsistent_chunks_of_one_version_are_rejected()
    {
        var chunks = ModelChunker.Split(Manifest("7"), RandomBytes(200_000, 8), MaxMessage);
        var assembler = new ModelAssembler();
        assembler.Add(chunks[0]);

        var error = Assert.Throws<ModelAssemblyException>(() => assembler.Add(chunks[1] with { ChunkCount = chunks.Count + 1 }));

        Assert.Equal(ModelAssemblyFailure.InconsistentChunk, error.Failure);
    }

    [Fact]
    public void Redelivered_chunks_are_ignored_and_a_newer_version_replaces_an_unfinished_one()
    {
        var old = ModelChunker.Split(Manifest("7"), RandomBytes(200_000, 9), MaxMessage);
        var next = ModelChunker.Split(Manifest("8"), RandomBytes(200_000, 10), MaxMessage);
        var assembler = new ModelAssembler();
        assembler.Add(old[0]);
        assembler.Add(old[0]);
        Assert.Equal(1, assembler.PendingVersions);

        var model = AddAll(assembler, next);

        Assert.Equal("8", model!.Version);
        Assert.Equal(0, assembler.PendingVersions);
    }

    private static ModelAssemblyFailure Reject(ModelVersion chunk) =>
        Assert.Throws<ModelAssemblyException>(() => new ModelAssembler().Add(chunk)).Failure;

    private static AssembledModel? AddAll(ModelAssembler assembler, IEnumerable<ModelVersion> chunks)
    {
        AssembledModel? last = null;
        foreach (var c in chunks)
        {
            last = assembler.Add(c) ?? last;
        }

        return last;
    }

    private static ModelManifest Manifest(string version) => new(
        "ctr", version, 1_700_000_000_000, "FastTree", 1, 2,
        new Dictionary<string, string> { ["number_of_trees"] = "50" },
        new Dictionary<string, double> { ["auc"] = 0.81 },
        ["a", "b"], 42,
        [new ReferenceSample("a", Enumerable.Range(0, 1000).Select(i => (double)i).ToArray(), 5000)]);

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
