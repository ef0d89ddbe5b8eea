using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Kafka.Models;

/// <summary>
/// Splits model bytes into <see cref="ModelVersion"/> messages: gzip the bytes, then cut the compressed stream into
/// chunks so that each encoded message stays below the maximum message size. See <see cref="ModelChunkKeys"/> for keys.
/// </summary>
public static class ModelChunker
{
    /// <summary>Default bound on one encoded message (Kafka's default max is 1 MB; stay clear of it).</summary>
    public const int DefaultMaxMessageBytes = 900 * 1024;

    /// <summary>Splits <paramref name="modelBytes"/>; the payload per chunk is the max size minus the manifest's estimated encoded size.</summary>
    public static IReadOnlyList<ModelVersion> Split(ModelManifest manifest, ReadOnlySpan<byte> modelBytes, int maxMessageBytes = DefaultMaxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (modelBytes.IsEmpty)
        {
            throw new ArgumentException("Model bytes are empty.", nameof(modelBytes));
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(modelBytes));
        var compressed = Compress(modelBytes);
        var payload = maxMessageBytes - EstimateManifestBytes(manifest) - 128;
        if (payload < 1024)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxMessageBytes), maxMessageBytes, "Max message size leaves less than 1 KiB for model bytes after the manifest.");
        }

        var count = (compressed.Length + payload - 1) / payload;
        var messages = new List<ModelVersion>(count);
        for (var i = 0; i < count; i++)
        {
            var start = i * payload;
            var chunk = compressed.AsSpan(start, Math.Min(payload, compressed.Length - start)).ToArray();
            messages.Add(new ModelVersion(
                manifest.ModelName, manifest.Version, manifest.CreatedAt, manifest.Algorithm,
                manifest.TrainingWindowStart, manifest.TrainingWindowEnd, manifest.Hyperparameters, manifest.Metrics,
                manifest.FeatureNames, manifest.FeatureSchemaFingerprint, manifest.ReferenceDistributions,
                sha, modelBytes.Length, i, count, chunk));
        }

        return messages;
    }

    /// <summary>Upper estimate of the Avro-encoded size of the manifest fields (varints and doubles at their maximum width).</summary>
    public static int EstimateManifestBytes(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var total = 10 * 16 + Str(manifest.ModelName) + Str(manifest.Version) + Str(manifest.Algorithm) + 64 + 10;
        foreach (var (k, v) in manifest.Hyperparameters)
        {
            total += Str(k) + Str(v);
        }

        foreach (var (k, _) in manifest.Metrics)
        {
            total += Str(k) + 8;
        }

        foreach (var name in manifest.FeatureNames)
        {
            total += Str(name);
        }

        foreach (var sample in manifest.ReferenceDistributions)
        {
            total += Str(sample.Feature) + 20 + 8 * sample.Values.Count;
        }

        return total;

        static int Str(string s) => Encoding.UTF8.GetByteCount(s) + 5;
    }

    private static byte[] Compress(ReadOnlySpan<byte> bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
