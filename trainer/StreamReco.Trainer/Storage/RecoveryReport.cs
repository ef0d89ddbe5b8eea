namespace StreamReco.Trainer.Storage;

/// <summary>What <see cref="TrainingSetStore.Open"/> found on disk. Corrupt tails are truncated and reported, not fatal.</summary>
public sealed record RecoveryReport(int SegmentsRead, int RecordsRead, int RecordsInWindow, int CorruptSegments, long BytesTruncated);
