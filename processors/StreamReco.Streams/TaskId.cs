namespace StreamReco.Streams;

/// <summary>Identifies a task: sub-topology number and input partition, printed as "0_3" like Kafka Streams.</summary>
public readonly record struct TaskId(int SubTopology, int Partition)
{
    public override string ToString() => $"{SubTopology}_{Partition}";
}
