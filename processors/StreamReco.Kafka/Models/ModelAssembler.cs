using System.IO.Compression;
using System.Security.Cryptography;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Kafka.Models;

/// <summary>
/// Reassembles <see cref="ModelVersion"/> chunks (see <see cref="ModelChunkKeys"/> for the publication order) into verified
/// model bytes. Chunks arrive in order on one partition, so when the final chunk (index chunk_count-1) arrives every earlier
/// chunk must already be present; otherwise the version is rejected with <see cref="ModelAssemblyFailure.MissingChunk"/>.
/// Any rejection throws <see cref="ModelAssemblyException"/> and drops that version's pending state; callers keep serving
/// their previous model. Not thread-safe: feed it from the consuming thread.
/// </summary>
public sealed class ModelAssembler
{
    /// <summary>Default bound on a decompressed model (guards against a hostile model_length).</summary>
    public const long DefaultMaxModelBytes = 512L * 1024 * 1024;

    private readonly Dictionary<(string Model, string Version), Pending> _pending = [];
    private readonly long _maxModelBytes;

    public ModelAssembler(long maxModelBytes = DefaultMaxModelBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxModelBytes, 1);
        _maxModelBytes = maxModelBytes;
    }

    /// <summary>Versions with chunks received but not yet complete.</summary>
    public int PendingVersions => _pending.Count;

    /// <summary>
    /// <see cref="Add"/> for a topic reader: a tombstone (null) is skipped, and a chunk that fails assembly is handed to
    /// <paramref name="onFailure"/> instead of thrown, so the version in service stays and the reader goes on.
    /// </summary>
    public AssembledModel? AddOrReport(ModelVersion? chunk, Action<ModelAssemblyException> onFailure)
    {
        ArgumentNullException.ThrowIfNull(onFailure);
        if (chunk is null)
        {
            return null;
        }

        try
        {
            return Add(chunk);
        }
        catch (ModelAssemblyException ex)
        {
            onFailure(ex);
            return null;
        }
    }

    /// <summary>Adds one chunk. Returns the assembled model when this chunk completes its version, else null.</summary>
    /// <exception cref="ModelAssemblyException">The chunk or its version is invalid; the version's pending chunks are discarded.</exception>
    public AssembledModel? Add(ModelVersion chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var key = (chunk.ModelName ?? string.Empty, chunk.Version ?? string.Empty);
        try
        {
            return AddCore(key, chunk);
        }
        catch (ModelAssemblyException)
        {
            _pending.Remove(key);
            throw;
        }
    }

    private AssembledModel? AddCore((string Model, string Version) key, ModelVersion chunk)
    {
        Validate(chunk);
        // A chunk of a newer version of the same model means any older unfinished version was abandoned by its publisher.
        DropOtherVersions(key);

        if (!_pending.TryGetValue(key, out var pending))
        {
            pending = new Pending(chunk.ChunkCount, chunk.ModelSha256, chunk.ModelLength);
            _pending[key] = pending;
        }

        if (pending.Chunks.Length != chunk.ChunkCount || pending.Sha256 != chunk.ModelSha256 || pending.Length != chunk.ModelLength)
        {
            throw Fail(ModelAssemblyFailure.InconsistentChunk, chunk, "chunk_count, model_sha256 or model_length differs from earlier chunks of the version");
        }

        var existing = pending.Chunks[chunk.ChunkIndex];
        if (existing is not null)
        {
            if (!existing.AsSpan().SequenceEqual(chunk.Chunk))
            {
                throw Fail(ModelAssemblyFailure.InconsistentChunk, chunk, "a different payload was already received for this chunk index");
            }

            return null; // Redelivery of the same chunk.
        }

        pending.Chunks[chunk.ChunkIndex] = chunk.Chunk;
        pending.Received++;
        if (chunk.ChunkIndex != chunk.ChunkCount - 1)
        {
            return null;
        }

        if (pending.Received != chunk.ChunkCount)
        {
            var missing = Array.FindIndex(pending.Chunks, c => c is null);
            throw Fail(ModelAssemblyFailure.MissingChunk, chunk, "final chunk arrived but chunk " + missing + " is missing");
        }

        var bytes = Decompress(chunk, pending);
        _pending.Remove(key);
        return new AssembledModel(chunk with { Chunk = [] }, bytes);
    }

    private void Validate(ModelVersion chunk)
    {
        if (string.IsNullOrEmpty(chunk.ModelName) || string.IsNullOrEmpty(chunk.Version))
        {
            throw Fail(ModelAssemblyFailure.InvalidChunk, chunk, "model_name and version must be non-empty");
        }

        if (chunk.ChunkCount < 1 || chunk.ChunkIndex < 0 || chunk.ChunkIndex >= chunk.ChunkCount)
        {
            throw Fail(ModelAssemblyFailure.InvalidChunk, chunk, "chunk_index " + chunk.ChunkIndex + " is outside chunk_count " + chunk.ChunkCount);
        }

        if (chunk.Chunk is null || chunk.Chunk.Length == 0)
        {
            throw Fail(ModelAssemblyFailure.InvalidChunk, chunk, "chunk payload is empty");
        }

        if (chunk.ModelLength < 1)
        {
            throw Fail(ModelAssemblyFailure.InvalidChunk, chunk, "model_length must be positive");
        }

        if (chunk.ModelLength > _maxModelBytes)
        {
            throw Fail(ModelAssemblyFailure.TooLarge, chunk, "model_length " + chunk.ModelLength + " exceeds the limit " + _maxModelBytes);
        }

        if (chunk.ModelSha256 is null || chunk.ModelSha256.Length != 64)
        {
            throw Fail(ModelAssemblyFailure.InvalidChunk, chunk, "model_sha256 must be 64 hex characters");
        }
    }

    private void DropOtherVersions((string Model, string Version) key)
    {
        List<(string, string)>? stale = null;
        foreach (var other in _pending.Keys)
        {
            if (other.Model == key.Model && other.Version != key.Version)
            {
                (stale ??= []).Add(other);
            }
        }

        if (stale is not null)
        {
            foreach (var s in stale)
            {
                _pending.Remove(s);
            }
        }
    }

    private static byte[] Decompress(ModelVersion chunk, Pending pending)
    {
        using var compressed = new MemoryStream();
        foreach (var part in pending.Chunks)
        {
            compressed.Write(part);
        }

        compressed.Position = 0;
        var output = new byte[pending.Length];
        int total;
        try
        {
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            total = gzip.ReadAtLeast(output, output.Length, throwOnEndOfStream: false);
            if (total == output.Length && gzip.ReadByte() != -1)
            {
                throw Fail(ModelAssemblyFailure.LengthMismatch, chunk, "decompressed bytes exceed model_length " + pending.Length);
            }
        }
        catch (InvalidDataException e)
        {
            throw Fail(ModelAssemblyFailure.CorruptCompression, chunk, "compressed model bytes are corrupt or truncated", e);
        }

        if (total != output.Length)
        {
            throw Fail(ModelAssemblyFailure.LengthMismatch, chunk, "decompressed " + total + " bytes, model_length is " + pending.Length);
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(output));
        if (!string.Equals(sha, pending.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(ModelAssemblyFailure.ChecksumMismatch, chunk, "sha256 of the assembled bytes is " + sha + ", expected " + pending.Sha256);
        }

        return output;
    }

    private static ModelAssemblyException Fail(ModelAssemblyFailure failure, ModelVersion chunk, string detail, Exception? inner = null) =>
        new(failure, chunk.ModelName ?? string.Empty, chunk.Version ?? string.Empty,
            "Model " + chunk.ModelName + " version " + chunk.Version + " rejected (" + failure + "): " + detail + ".", inner);

    private sealed class Pending(int count, string sha256, long length)
    {
        public byte[]?[] Chunks { get; } = new byte[]?[count];

        public string Sha256 { get; } = sha256;

        public long Length { get; } = length;

        public int Received { get; set; }
    }
}
