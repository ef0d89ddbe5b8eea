namespace StreamReco.Kafka;

/// <summary>A topic the pipeline needs: name, partition count and whether it is log-compacted.</summary>
public sealed record TopicSpec(string Name, int Partitions, bool Compacted = false, int ReplicationFactor = 1)
{
    /// <summary>Topic-level configs to create it with on a real cluster.</summary>
    public IReadOnlyDictionary<string, string> Configs => Compacted
        ? new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["min.compaction.lag.ms"] = "0" }
        : new Dictionary<string, string> { ["cleanup.policy"] = "delete" };
}
