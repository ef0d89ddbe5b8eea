using StreamReco.Features.Windowing;

namespace StreamReco.Features.Aggregates;

/// <summary>Sparse fixed-granularity buckets, each holding <see cref="Width"/> counters (e.g. one per behaviour).</summary>
internal sealed class BucketLevel : ICountLevel
{
    private const int MaxSerializedBuckets = 1_000_000;

    private readonly SortedList<long, long[]> _buckets = [];

    public BucketLevel(long granularity, int width)
    {
        if (width is < 1 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "Between 1 and 8 counters per bucket.");
        }

        Granularity = granularity;
        Width = width;
    }

    public long Granularity { get; }

    public int Width { get; }

    public long CoverageStart { get; private set; } = long.MinValue;

    public int BucketCount => _buckets.Count;

    public bool IsEmpty => _buckets.Count == 0;

    /// <summary>Total over all buckets, summed across counters.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            foreach (var counters in _buckets.Values)
            {
                foreach (var c in counters)
                {
                    total += c;
                }
            }

            return total;
        }
    }

    /// <summary>Start of the newest bucket, or <see cref="long.MinValue"/> when empty.</summary>
    public long NewestBucketStart => _buckets.Count == 0 ? long.MinValue : _buckets.Keys[^1];

    /// <summary>Counts one event; events older than the coverage start are not kept (that range is already incomplete).</summary>
    public bool Add(long time, int counter)
    {
        if (time < CoverageStart)
        {
            return false;
        }

        var start = TimeAlignment.Floor(time, Granularity);
        if (!_buckets.TryGetValue(start, out var counters))
        {
            counters = new long[Width];
            _buckets.Add(start, counters);
        }

        counters[counter]++;
        return true;
    }

    public void SumInto(long from, long to, Span<long> sums)
    {
        var keys = _buckets.Keys;
        var values = _buckets.Values;
        for (var i = LowerBound(from); i < keys.Count && keys[i] < to; i++)
        {
            var counters = values[i];
            for (var c = 0; c < Width; c++)
            {
                sums[c] += counters[c];
            }
        }
    }

    /// <summary>Drops buckets starting before <paramref name="cutoff"/> (aligned down) and moves the coverage start there.</summary>
    public void ExpireBefore(long cutoff)
    {
        var aligned = TimeAlignment.Floor(cutoff, Granularity);
        if (aligned <= CoverageStart)
        {
            return;
        }

        CoverageStart = aligned;
        var remove = LowerBound(aligned);
        for (var i = 0; i < remove; i++)
        {
            _buckets.RemoveAt(0);
        }
    }

    public void Write(StateWriter writer)
    {
        writer.WriteTime(CoverageStart);
        writer.WriteCount(_buckets.Count);
        long previousIndex = 0;
        foreach (var (start, counters) in _buckets)
        {
            // Bucket indexes ascend, so after the first one only small positive deltas are written.
            var index = start / Granularity;
            writer.WriteSigned(index - previousIndex);
            previousIndex = index;
            byte mask = 0;
            for (var c = 0; c < Width; c++)
            {
                if (counters[c] != 0)
                {
                    mask |= (byte)(1 << c);
                }
            }

            writer.WriteByte(mask);
            for (var c = 0; c < Width; c++)
            {
                if (counters[c] != 0)
                {
                    writer.WriteUnsigned((ulong)counters[c]);
                }
            }
        }
    }

    public void Read(ref StateReader reader)
    {
        _buckets.Clear();
        var coverage = reader.ReadTime();
        if (coverage != long.MinValue && TimeAlignment.Floor(coverage, Granularity) != coverage)
        {
            throw new InvalidDataException("Bucket coverage start " + coverage + " is not aligned to " + Granularity + " ms.");
        }

        CoverageStart = coverage;
        var count = reader.ReadCount(MaxSerializedBuckets);
        long index = 0;
        for (var i = 0; i < count; i++)
        {
            var delta = reader.ReadSigned();
            if (i > 0 && delta <= 0)
            {
                throw new InvalidDataException("Bucket indexes are not strictly ascending.");
            }

            index += delta;
            var mask = reader.ReadByte();
            if (mask >> Width != 0)
            {
                throw new InvalidDataException("Bucket counter mask " + mask + " has bits beyond width " + Width + ".");
            }

            var counters = new long[Width];
            for (var c = 0; c < Width; c++)
            {
                if ((mask & (1 << c)) != 0)
                {
                    counters[c] = checked((long)reader.ReadUnsigned());
                }
            }

            _buckets.Add(checked(index * Granularity), counters);
        }
    }

    private int LowerBound(long time)
    {
        var keys = _buckets.Keys;
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (keys[mid] < time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
