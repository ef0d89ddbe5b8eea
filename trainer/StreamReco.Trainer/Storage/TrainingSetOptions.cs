namespace StreamReco.Trainer.Storage;

/// <summary>Where and how much training data is kept.</summary>
public sealed record TrainingSetOptions
{
    /// <summary>Directory holding the append-only segment files.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Rows older than (newest event time - MaxAge) leave the window. Event time, not wall clock, so replays behave the same.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>At most this many rows are kept; the oldest by event time leave first.</summary>
    public int MaxRows { get; init; } = 500_000;

    /// <summary>A new segment starts once the active one reaches this size.</summary>
    public long SegmentMaxBytes { get; init; } = 16 * 1024 * 1024;
}
