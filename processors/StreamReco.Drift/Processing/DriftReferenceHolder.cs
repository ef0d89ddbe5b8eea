using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Processing;

/// <summary>
/// The model version in service (manifest only: name, version, reference distributions), shared by every drift task of
/// a process like a global table. Written by the single models.versions reader (<see cref="DriftReferenceFeed"/>), read by
/// the stream threads; a reference swap is one atomic write, so readers see either the old or the new version.
/// </summary>
public sealed class DriftReferenceHolder
{
    private ModelVersion? _current;
    private long _publications;

    /// <summary>The latest fully assembled and verified version, or null before the first one.</summary>
    public ModelVersion? Current => Volatile.Read(ref _current);

    /// <summary>How many versions were put in service so far (for readiness checks and tests).</summary>
    public long Publications => Interlocked.Read(ref _publications);

    /// <summary>Puts <paramref name="manifest"/> in service; drift tasks pick it up on their next record or punctuation.</summary>
    public void Publish(ModelVersion manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrEmpty(manifest.ModelName);
        ArgumentException.ThrowIfNullOrEmpty(manifest.Version);
        // The chunk payload is the scorer's business; drop it so the holder keeps only metadata.
        Volatile.Write(ref _current, manifest.Chunk.Length == 0 ? manifest : manifest with { Chunk = [] });
        Interlocked.Increment(ref _publications);
    }
}
