using StreamReco.Kafka.Models;

namespace StreamReco.Scoring.Models;

/// <summary>
/// A complete model version whose bytes were reassembled and checksum-verified upstream
/// (the trainer side's ModelAssembler). The scorer trusts the bytes' integrity, not their shape:
/// feature names, fingerprint and the ML.NET schema are still validated on load.
/// </summary>
public sealed record VerifiedModel(
    string ModelName,
    string Version,
    ReadOnlyMemory<byte> ModelBytes,
    IReadOnlyList<string> FeatureNames,
    long FeatureSchemaFingerprint)
{
    /// <summary>Adapts a model reassembled and sha256-verified by <see cref="ModelAssembler"/>.</summary>
    public static VerifiedModel From(AssembledModel assembled)
    {
        ArgumentNullException.ThrowIfNull(assembled);
        var manifest = assembled.Manifest;
        return new VerifiedModel(manifest.ModelName, manifest.Version, assembled.ModelBytes, manifest.FeatureNames, manifest.FeatureSchemaFingerprint);
    }
}
