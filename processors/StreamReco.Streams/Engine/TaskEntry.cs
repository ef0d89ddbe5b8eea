using Prometheus;
using StreamReco.Streams.Internal;

namespace StreamReco.Streams.Engine;

/// <summary>A running task with its state directory and the source partitions that feed it.</summary>
internal sealed class TaskEntry(StreamTask task, string directory, Dictionary<string, long> restoredOffsets, IReadOnlyList<Gauge.Child> storeEntries)
{
    public StreamTask Task { get; } = task;

    /// <summary><c>&lt;stateDir&gt;/&lt;appId&gt;/&lt;taskId&gt;</c>.</summary>
    public string Directory { get; } = directory;

    /// <summary>Changelog position reached by restore, keyed like the checkpoint file.</summary>
    public Dictionary<string, long> RestoredOffsets { get; } = restoredOffsets;

    public IReadOnlyList<Gauge.Child> StoreEntries { get; } = storeEntries;

    public List<PartitionState> Partitions { get; } = [];

    public string CheckpointPath => Path.Combine(Directory, ".checkpoint");
}
