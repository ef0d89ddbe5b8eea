namespace StreamReco.Streams.Testing;

public sealed class TopologyTestDriverOptions
{
    /// <summary>Prefix of repartition and changelog topic names.</summary>
    public string ApplicationId { get; init; } = "test-app";

    /// <summary>
    /// Clock seen by processors. Pass a FakeTimeProvider: <see cref="TopologyTestDriver.AdvanceWallClockTime"/> advances it
    /// (through its public Advance method). Null: the driver's own manual clock starting at <see cref="InitialWallClock"/>.
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }

    public DateTimeOffset InitialWallClock { get; init; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Partition count reported to custom sink partitioners (everything else is partition 0).</summary>
    public int PartitionCount { get; init; } = 1;

    /// <summary>
    /// True (default): the driver commits after every input record, as the engine does at each commit interval, so record
    /// caches flush and flush listeners forward once per record. False: caches flush only on <see cref="TopologyTestDriver.Commit"/>,
    /// to test deduplication across a commit interval.
    /// </summary>
    public bool CommitAfterEachRecord { get; init; } = true;
}
