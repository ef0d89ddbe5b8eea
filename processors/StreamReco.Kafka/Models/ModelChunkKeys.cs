namespace StreamReco.Kafka.Models;

/// <summary>
/// Keying scheme of the compacted <c>models.versions</c> topic.
/// <para>
/// A version of N chunks is published as N messages, in chunk order, to ONE partition (partition 0; the topic has one
/// partition so that chunk order and "manifest last" hold). Chunks 0..N-2 are keyed <c>&lt;model&gt;/&lt;version&gt;/&lt;index&gt;</c>,
/// so they are distinct keys that compaction keeps; the final chunk (index N-1, which like every chunk carries the full
/// manifest: sha256, length, metrics, features...) is keyed <c>&lt;model&gt;</c>. Compaction therefore always retains the
/// last chunk of the newest complete version under <c>&lt;model&gt;</c>, plus that version's other chunks under their own keys.
/// </para>
/// <para>
/// After a new version is fully published, the publisher writes tombstones (null values) for the chunk keys
/// <c>&lt;model&gt;/&lt;previous version&gt;/&lt;i&gt;</c> of the version it replaced, so old chunks are eventually deleted.
/// Consumers skip tombstones (null values) and feed every other message to <see cref="ModelAssembler"/>; a version becomes
/// servable only when its final chunk arrives and count, length and sha256 verify.
/// </para>
/// </summary>
public static class ModelChunkKeys
{
    /// <summary>Partition every model message is produced to.</summary>
    public const int Partition = 0;

    /// <summary>Key of chunk <paramref name="index"/> of a version of <paramref name="chunkCount"/> chunks.</summary>
    public static string For(string modelName, string version, int index, int chunkCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, chunkCount);
        return index == chunkCount - 1 ? modelName : ChunkKey(modelName, version, index);
    }

    /// <summary>Key of a non-final chunk: <c>&lt;model&gt;/&lt;version&gt;/&lt;index&gt;</c>.</summary>
    public static string ChunkKey(string modelName, string version, int index) =>
        modelName + "/" + version + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Keys to tombstone once a version that replaced <paramref name="version"/> is published.</summary>
    public static IReadOnlyList<string> TombstonesFor(string modelName, string version, int chunkCount)
    {
        var keys = new List<string>(Math.Max(0, chunkCount - 1));
        for (var i = 0; i < chunkCount - 1; i++)
        {
            keys.Add(ChunkKey(modelName, version, i));
        }

        return keys;
    }
}
