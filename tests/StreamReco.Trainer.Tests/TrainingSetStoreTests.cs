using StreamReco.Schemas.Contracts;
using StreamReco.Trainer.Storage;

namespace StreamReco.Trainer.Tests;

public sealed class TrainingSetStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "streamreco-trainer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Rows_survive_a_restart()
    {
        var data = SyntheticSnapshots.Generate(300);
        using (var store = TrainingSetStore.Open(Options()))
        {
            store.Append(data.Take(200));
            store.Append(data.Skip(200));
        }

        using var reopened = TrainingSetStore.Open(Options());

        Assert.Equal(300, reopened.Count);
        Assert.Equal(0, reopened.Recovery.CorruptSegments);
        Assert.Equal(300, reopened.Recovery.RecordsRead);
        var restored = reopened.Snapshot();
        Assert.Equal(data.Select(s => s.ExposureId), restored.Select(s => s.ExposureId));
        Assert.Equal(data[17].Features, restored[17].Features);
        Assert.Equal(data[17] with { Features = restored[17].Features }, restored[17]);
    }

    [Fact]
    public void Duplicates_by_exposure_id_are_dropped_also_after_restart()
    {
        var data = SyntheticSnapshots.Generate(50);
        using (var store = TrainingSetStore.Open(Options()))
        {
            Assert.Equal(new AppendResult(50, 0, 0), store.Append(data));
            Assert.Equal(new AppendResult(0, 10, 0), store.Append(data.Take(10)));
        }

        using var reopened = TrainingSetStore.Open(Options());
        var result = reopened.Append(data.Take(5).Append(data[0] with { ExposureId = "new" }));

        Assert.Equal(5, result.Duplicates);
        Assert.Equal(1, result.Added);
        Assert.Equal(51, reopened.Count);
    }

    [Fact]
    public void Window_keeps_at_most_max_rows_newest_first()
    {
        var data = SyntheticSnapshots.Generate(100);
        using var store = TrainingSetStore.Open(Options() with { MaxRows = 30 });

        var result = store.Append(data.OrderBy(s => s.ExposureId, StringComparer.Ordinal));

        Assert.Equal(70, result.Evicted);
        Assert.Equal(data.TakeLast(30).Select(s => s.ExposureId), store.Snapshot().Select(s => s.ExposureId));
    }

    [Fact]
    public void Window_drops_rows_older_than_max_age_behind_the_newest_event()
    {
        // Rows are one minute apart; a 10 minute window behind the newest keeps the last 11.
        var data = SyntheticSnapshots.Generate(100);
        using (var store = TrainingSetStore.Open(Options() with { MaxAge = TimeSpan.FromMinutes(10) }))
        {
            store.Append(data);
            Assert.Equal(11, store.Count);
        }

        using var reopened = TrainingSetStore.Open(Options() with { MaxAge = TimeSpan.FromMinutes(10) });
        Assert.Equal(data.TakeLast(11).Select(s => s.ExposureId), reopened.Snapshot().Select(s => s.ExposureId));
    }

    [Fact]
    public void Segments_roll_and_fully_evicted_segments_are_deleted()
    {
        var data = SyntheticSnapshots.Generate(400);
        using var store = TrainingSetStore.Open(Options() with { SegmentMaxBytes = 20_000, MaxRows = 50 });

        store.Append(data);

        var segments = Directory.GetFiles(_directory, "segment-*.log");
        Assert.InRange(segments.Length, 1, 4);
        Assert.Equal(50, store.Count);
    }

    [Fact]
    public void Corrupt_tail_is_truncated_reported_and_the_store_keeps_working()
    {
        var data = SyntheticSnapshots.Generate(20);
        using (var store = TrainingSetStore.Open(Options()))
        {
            store.Append(data);
        }

        var segment = Directory.GetFiles(_directory, "segment-*.log").Single();
        var goodLength = new FileInfo(segment).Length;
        File.AppendAllText(segment, "torn write garbage");

        using (var recovered = TrainingSetStore.Open(Options()))
        {
            Assert.Equal(20, recovered.Count);
            Assert.Equal(1, recovered.Recovery.CorruptSegments);
            Assert.Equal(18, recovered.Recovery.BytesTruncated);
            Assert.Equal(goodLength, new FileInfo(segment).Length);
            recovered.Append([data[0] with { ExposureId = "after-recovery" }]);
        }

        using var reopened = TrainingSetStore.Open(Options());
        Assert.Equal(21, reopened.Count);
        Assert.Equal(0, reopened.Recovery.CorruptSegments);
    }

    [Fact]
    public void Half_written_last_record_is_dropped()
    {
        var data = SyntheticSnapshots.Generate(10);
        using (var store = TrainingSetStore.Open(Options()))
        {
            store.Append(data);
        }

        var segment = Directory.GetFiles(_directory, "segment-*.log").Single();
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(file.Length - 40);
        }

        using var recovered = TrainingSetStore.Open(Options());

        Assert.Equal(9, recovered.Count);
        Assert.Equal(1, recovered.Recovery.CorruptSegments);
        Assert.DoesNotContain(recovered.Snapshot(), s => s.ExposureId == "e9");
    }

    [Fact]
    public void Snapshot_binary_round_trips_nullable_fields()
    {
        var original = SyntheticSnapshots.Generate(1)[0] with { LabelBehavior = Behavior.Buy, LabelTime = 123 };
        var negative = original with { Label = 0, LabelBehavior = null, LabelTime = null };

        foreach (var s in new[] { original, negative })
        {
            var copy = SnapshotBinary.Deserialize(SnapshotBinary.Serialize(s));
            Assert.Equal(s with { Features = copy.Features }, copy);
            Assert.Equal(s.Features, copy.Features);
        }

        Assert.Throws<InvalidDataException>(() => SnapshotBinary.Deserialize(SnapshotBinary.Serialize(original)[..30]));
    }

    private TrainingSetOptions Options() => new() { DataDirectory = _directory, MaxAge = TimeSpan.FromDays(30), MaxRows = 100_000 };
}
