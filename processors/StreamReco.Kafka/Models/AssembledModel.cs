using StreamReco.Schemas.Contracts;

namespace StreamReco.Kafka.Models;

/// <summary>A verified model version: the manifest (taken from its final chunk, without payload) and the decompressed model bytes.</summary>
public sealed record AssembledModel(ModelVersion Manifest, byte[] ModelBytes)
{
    public string ModelName => Manifest.ModelName;

    public string Version => Manifest.Version;
}
