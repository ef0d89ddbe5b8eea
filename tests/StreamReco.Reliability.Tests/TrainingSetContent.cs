using StreamReco.Trainer.Storage;

namespace StreamReco.Reliability.Tests;

/// <summary>What a trainer left in its training set on disk.</summary>
public sealed record TrainingSetContent(int Rows, HashSet<string> ExposureIds, RecoveryReport Recovery)
{
    public override string ToString() =>
        "rows=" + Rows + " distinct=" + ExposureIds.Count + " recovered records=" + Recovery.RecordsRead
        + " corrupt tails=" + Recovery.CorruptSegments + " bytes truncated=" + Recovery.BytesTruncated;
}
