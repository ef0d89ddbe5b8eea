using System.Buffers.Binary;
using System.Globalization;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Trainer.Storage;

/// <summary>
/// The bounded, time-ordered training set, persisted as append-only segment files (<c>segment-NNNNNNNNNN.log</c>).
/// Each record is framed as [int32 length][uint32 CRC-32 of payload][payload]. <see cref="Append"/> returns only after the
/// batch is flushed to disk (fsync), so callers may commit the consumed offsets afterwards. On open, segments are replayed in
/// order; a torn or corrupt tail is truncated at the last good record and reported in <see cref="Recovery"/>.
/// Rows are deduplicated by exposure_id and kept in a sliding event-time window (max age behind the newest event, max rows);
/// a segment file is deleted once none of its rows is in the window. The store also records, in <c>offsets.checkpoint</c>, the
/// source offsets its rows were read up to (<see cref="SourceOffsets"/>), written after the rows are fsynced: the consumer resumes
/// from the store's own position, so a store rebuilt from nothing (lost disk) is refilled from the topic's retained range instead of
/// silently starting at the group's committed offsets. Not thread-safe.
/// </summary>
public sealed class TrainingSetStore : IDisposable
{
    private const int HeaderBytes = 8;
    private const int MaxRecordBytes = 16 * 1024 * 1024;
    private const string CheckpointFile = "offsets.checkpoint";

    private readonly TrainingSetOptions _options;
    private readonly Dictionary<string, Entry> _byExposure = new(StringComparer.Ordinal);
    private readonly SortedSet<(long EventTime, long Sequence)> _order = [];
    private readonly Dictionary<(long EventTime, long Sequence), Entry> _byOrder = [];
    private readonly SortedDictionary<long, int> _liveRowsBySegment = [];
    private readonly Dictionary<int, long> _sourceOffsets = [];
    private FileStream? _active;
    private long _activeSegment;
    private long _sequence;
    private long _newestEventTime = long.MinValue;

    private TrainingSetStore(TrainingSetOptions options)
    {
        _options = options;
    }

    public RecoveryReport Recovery { get; private set; } = new(0, 0, 0, 0, 0);

    public int Count => _byExposure.Count;

    public long NewestEventTime => _newestEventTime;

    /// <summary>Per source partition, the next offset to read: every record before it is durably in the store (or was rejected).</summary>
    public IReadOnlyDictionary<int, long> SourceOffsets => _sourceOffsets;

    /// <summary>Opens (creating if needed) the store and recovers the window from its segments.</summary>
    public static TrainingSetStore Open(TrainingSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRows, 1);
        Directory.CreateDirectory(options.DataDirectory);
        var store = new TrainingSetStore(options);
        store.Recover();
        return store;
    }

    /// <summary>
    /// The checkpointed source offsets of the store in <paramref name="dataDirectory"/>, read without opening the store (safe while
    /// a trainer runs: the checkpoint is replaced atomically). Empty when there is none; unreadable lines are skipped.
    /// </summary>
    public static Dictionary<int, long> ReadSourceOffsets(string dataDirectory)
    {
        var offsets = new Dictionary<int, long>();
        var path = Path.Combine(dataDirectory, CheckpointFile);
        if (!File.Exists(path))
        {
            return offsets;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                offsets[partition] = offset;
            }
        }

        return offsets;
    }

    /// <summary>Appends new rows durably; duplicates (exposure_id already in the window) are skipped.</summary>
    public AppendResult Append(IEnumerable<TrainingSnapshot> snapshots) => Append(snapshots, new Dictionary<int, long>());

    /// <summary>
    /// Appends new rows durably, then records <paramref name="nextSourceOffsets"/> (partition -> next offset to read) in the
    /// checkpoint. A crash between the two replays the batch on restart, and its rows are then dropped as duplicates.
    /// </summary>
    public AppendResult Append(IEnumerable<TrainingSnapshot> snapshots, IReadOnlyDictionary<int, long> nextSourceOffsets)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(nextSourceOffsets);
        ObjectDisposedException.ThrowIf(_active is null, this);
        int added = 0, duplicates = 0;
        foreach (var snapshot in snapshots)
        {
            if (_byExposure.ContainsKey(snapshot.ExposureId))
            {
                duplicates++;
                continue;
            }

            WriteRecord(SnapshotBinary.Serialize(snapshot));
            Add(snapshot, _activeSegment);
            added++;
            if (_active.Length >= _options.SegmentMaxBytes)
            {
                RollSegment();
            }
        }

        _active.Flush(flushToDisk: true);
        var evicted = ApplyWindow();
        if (nextSourceOffsets.Count > 0)
        {
            foreach (var (partition, offset) in nextSourceOffsets)
            {
                _sourceOffsets[partition] = Math.Max(offset, _sourceOffsets.GetValueOrDefault(partition));
            }

            WriteCheckpoint();
        }

        return new AppendResult(added, duplicates, evicted);
    }

    /// <summary>The rows in the window, oldest event time first.</summary>
    public IReadOnlyList<TrainingSnapshot> Snapshot() => _order.Select(k => _byOrder[k].Snapshot).ToArray();

    public void Dispose()
    {
        _active?.Dispose();
        _active = null;
    }

    private void WriteCheckpoint()
    {
        // Write-then-rename, so a crash leaves either the old or the new checkpoint, never a torn one.
        var path = Path.Combine(_options.DataDirectory, CheckpointFile);
        var temporary = path + ".tmp";
        var lines = _sourceOffsets.OrderBy(kv => kv.Key)
            .Select(kv => kv.Key.ToString(CultureInfo.InvariantCulture) + " " + kv.Value.ToString(CultureInfo.InvariantCulture));
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        using (var writer = new StreamWriter(file))
        {
            foreach (var line in lines)
            {
                writer.WriteLine(line);
            }

            writer.Flush();
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private void ReadCheckpoint()
    {
        foreach (var (partition, offset) in ReadSourceOffsets(_options.DataDirectory))
        {
            _sourceOffsets[partition] = offset;
        }
    }

    private void Recover()
    {
        ReadCheckpoint();
        var segments = Directory.GetFiles(_options.DataDirectory, "segment-*.log")
            .Select(p => (Path: p, Id: ParseSegmentId(p)))
            .Where(s => s.Id >= 0)
            .OrderBy(s => s.Id)
            .ToList();
        int records = 0, corrupt = 0;
        long truncated = 0;
        foreach (var (path, id) in segments)
        {
            var bytes = File.ReadAllBytes(path);
            var position = 0;
            while (position < bytes.Length)
            {
                var snapshot = TryReadRecord(bytes, ref position);
                if (snapshot is null)
                {
                    break;
                }

                records++;
                if (!_byExposure.ContainsKey(snapshot.ExposureId))
                {
                    Add(snapshot, id);
                }
            }

            if (position < bytes.Length)
            {
                // Torn write or corruption: keep the good prefix, drop the rest, and say so.
                corrupt++;
                truncated += bytes.Length - position;
                using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
                file.SetLength(position);
                file.Flush(flushToDisk: true);
            }

            _liveRowsBySegment.TryAdd(id, 0);
        }

        _activeSegment = segments.Count == 0 ? 0 : segments[^1].Id;
        _active = new FileStream(SegmentPath(_activeSegment), FileMode.Append, FileAccess.Write, FileShare.Read);
        _liveRowsBySegment.TryAdd(_activeSegment, 0);
        ApplyWindow();
        Recovery = new RecoveryReport(segments.Count, records, Count, corrupt, truncated);
    }

    private static TrainingSnapshot? TryReadRecord(byte[] bytes, ref int position)
    {
        if (bytes.Length - position < HeaderBytes)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position));
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 4));
        if (length <= 0 || length > MaxRecordBytes || bytes.Length - position - HeaderBytes < length)
        {
            return null;
        }

        var payload = bytes.AsSpan(position + HeaderBytes, length);
        if (Crc32.Compute(payload) != crc)
        {
            return null;
        }

        try
        {
            var snapshot = SnapshotBinary.Deserialize(payload.ToArray());
            position += HeaderBytes + length;
            return snapshot;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private void WriteRecord(byte[] payload)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.Compute(payload));
        _active!.Write(header);
        _active.Write(payload);
    }

    private void RollSegment()
    {
        _active!.Flush(flushToDisk: true);
        _active.Dispose();
        _activeSegment++;
        _active = new FileStream(SegmentPath(_activeSegment), FileMode.Append, FileAccess.Write, FileShare.Read);
        _liveRowsBySegment.TryAdd(_activeSegment, 0);
    }

    private void Add(TrainingSnapshot snapshot, long segment)
    {
        var key = (snapshot.EventTime, _sequence++);
        var entry = new Entry(snapshot, key, segment);
        _byExposure[snapshot.ExposureId] = entry;
        _order.Add(key);
        _byOrder[key] = entry;
        _liveRowsBySegment[segment] = _liveRowsBySegment.GetValueOrDefault(segment) + 1;
        _newestEventTime = Math.Max(_newestEventTime, snapshot.EventTime);
    }

    private int ApplyWindow()
    {
        var evicted = 0;
        var cutoff = _newestEventTime == long.MinValue ? long.MinValue : _newestEventTime - (long)_options.MaxAge.TotalMilliseconds;
        while (_order.Count > 0 && (_order.Min.EventTime < cutoff || _order.Count > _options.MaxRows))
        {
            var key = _order.Min;
            var entry = _byOrder[key];
            _order.Remove(key);
            _byOrder.Remove(key);
            _byExposure.Remove(entry.Snapshot.ExposureId);
            _liveRowsBySegment[entry.Segment]--;
            evicted++;
        }

        foreach (var (segment, live) in _liveRowsBySegment.ToArray())
        {
            if (live <= 0 && segment != _activeSegment)
            {
                File.Delete(SegmentPath(segment));
                _liveRowsBySegment.Remove(segment);
            }
        }

        return evicted;
    }

    private string SegmentPath(long id) =>
        Path.Combine(_options.DataDirectory, "segment-" + id.ToString("D10", CultureInfo.InvariantCulture) + ".log");

    private static long ParseSegmentId(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return long.TryParse(name.AsSpan("segment-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;
    }

    private sealed record Entry(TrainingSnapshot Snapshot, (long EventTime, long Sequence) Key, long Segment);
}
