namespace StreamReco.Trainer.Storage;

/// <summary>Outcome of one durable append.</summary>
public sealed record AppendResult(int Added, int Duplicates, int Evicted);
