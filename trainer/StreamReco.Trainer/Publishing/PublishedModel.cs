namespace StreamReco.Trainer.Publishing;

/// <summary>What the publisher needs to remember about the last version it wrote (to tombstone its chunk keys later).</summary>
public sealed record PublishedModel(string ModelName, string Version, int ChunkCount);
