using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Aggregates;

/// <summary>
/// The most recent events of a key, kept exactly (millisecond granularity) up to a capacity. It contains every folded
/// event with time &gt;= <see cref="CoverageStart"/>; for the events before it only the two latest times are remembered,
/// which keeps "last event" and "gap to previous event" exact for every as-of time &gt;= the latest forgotten event.
/// </summary>
internal sealed class ExactEventTail : ICountLevel
{
    public const long NoTime = long.MinValue;

    private const int MaxSerializedEvents = 1_000_000;


    private readonly List<TailEvent> _events = [];
    private readonly TailCategoryTable _categories = new();
    private readonly int _capacity;

    public ExactEventTail(int capacity)
    {
        _capacity = capacity;
    }

    public long Granularity => 1;

    public long CoverageStart { get; private set; } = long.MinValue;

    /// <summary>Latest time among the events no longer kept, or <see cref="NoTime"/>.</summary>
    public long ForgottenLatest { get; private set; } = NoTime;

    /// <summary>Second latest time among the events no longer kept, or <see cref="NoTime"/>.</summary>
    public long ForgottenPrevious { get; private set; } = NoTime;

    public IReadOnlyList<TailEvent> Events => _events;

    public void Add(TailEvent e)
    {
        if (e.Time < CoverageStart)
        {
            Forget(e.Time);
            return;
        }

        // Insert after all events with the same or earlier time (upper bound), so equal times keep arrival order.
        _events.Insert(UpperBound(e.Time), WithCategoryId(e));
        while (_events.Count > _capacity)
        {
            // Dropping the oldest moves coverage past it; other events at that same millisecond go too,
            // because the tail must hold all or nothing of every millisecond it covers.
            ExpireBefore(_events[0].Time + 1);
        }
    }

    public void SumInto(long from, long to, Span<long> sums)
    {
        for (var i = LowerBound(from); i < _events.Count && _events[i].Time < to; i++)
        {
            sums[(int)_events[i].Behavior]++;
        }
    }

    /// <summary>Counts events of <paramref name="category"/> with <paramref name="from"/> &lt;= time &lt; <paramref name="to"/>.</summary>
    public long CountCategory(string category, long from, long to)
    {
        long count = 0;
        for (var i = LowerBound(from); i < _events.Count && _events[i].Time < to; i++)
        {
            if (string.Equals(_events[i].Category, category, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Counts the events per category id (see <see cref="TryGetCategoryId"/>) with <paramref name="from"/> &lt;= time &lt;
    /// <paramref name="to"/> into <paramref name="counts"/>, grown when needed; returns how many ids there are.
    /// </summary>
    public int CountCategories(long from, long to, ref long[] counts)
    {
        var ids = _categories.Count;
        if (counts.Length < ids)
        {
            counts = new long[Math.Max(ids, 2 * counts.Length)];
        }

        Array.Clear(counts, 0, ids);
        for (var i = LowerBound(from); i < _events.Count && _events[i].Time < to; i++)
        {
            if (_events[i].CategoryId >= 0)
            {
                counts[_events[i].CategoryId]++;
            }
        }

        return ids;
    }

    public bool TryGetCategoryId(string category, out int id) => _categories.TryGetId(category, out id);

    public string CategoryName(int id) => _categories[id];

    /// <summary>
    /// The latest and second-latest event times &lt;= <paramref name="asOf"/> (previous is <see cref="NoTime"/> when there is only one).
    /// Returns false when that cannot be known exactly because <paramref name="asOf"/> precedes the latest forgotten event.
    /// </summary>
    public bool TryLatestTwo(long asOf, out long latest, out long previous)
    {
        latest = NoTime;
        previous = NoTime;
        var index = UpperBound(asOf) - 1;
        if (index >= 0)
        {
            latest = _events[index].Time;
            previous = index >= 1 ? _events[index - 1].Time : ForgottenLatest;
            return true;
        }

        // Nothing kept at or before asOf: all events <= asOf are forgotten ones.
        if (ForgottenLatest == NoTime)
        {
            return true;
        }

        if (ForgottenLatest <= asOf)
        {
            latest = ForgottenLatest;
            previous = ForgottenPrevious;
            return true;
        }

        return false;
    }

    /// <summary>The category of the latest kept event &lt;= <paramref name="asOf"/>, if there is one.</summary>
    public string? LatestCategoryAtOrBefore(long asOf)
    {
        var index = UpperBound(asOf) - 1;
        return index >= 0 ? _events[index].Category : null;
    }

    /// <summary>Forgets events before <paramref name="cutoff"/>; coverage never moves backwards.</summary>
    public void ExpireBefore(long cutoff)
    {
        if (cutoff <= CoverageStart)
        {
            return;
        }

        CoverageStart = cutoff;
        var remove = LowerBound(cutoff);
        for (var i = 0; i < remove; i++)
        {
            Forget(_events[i].Time);
        }

        _events.RemoveRange(0, remove);
    }

    public void Write(StateWriter writer)
    {
        writer.WriteTime(CoverageStart);
        writer.WriteTime(ForgottenLatest);
        writer.WriteTime(ForgottenPrevious);

        // Categories repeat a lot, so they are written once and referenced by index (0 = no category), in first-use order.
        var index = new int[_categories.Count];
        var ordered = new List<string>();
        foreach (var e in _events)
        {
            if (e.CategoryId >= 0 && index[e.CategoryId] == 0)
            {
                ordered.Add(_categories[e.CategoryId]);
                index[e.CategoryId] = ordered.Count;
            }
        }

        writer.WriteCount(ordered.Count);
        foreach (var category in ordered)
        {
            writer.WriteString(category);
        }

        writer.WriteCount(_events.Count);
        var previousTime = 0L;
        for (var i = 0; i < _events.Count; i++)
        {
            var e = _events[i];
            if (i == 0)
            {
                writer.WriteSigned(e.Time);
            }
            else
            {
                writer.WriteUnsigned((ulong)(e.Time - previousTime));
            }

            previousTime = e.Time;
            writer.WriteByte((byte)e.Behavior);
            writer.WriteCount(e.CategoryId < 0 ? 0 : index[e.CategoryId]);
        }
    }

    public void Read(ref StateReader reader)
    {
        _events.Clear();
        _categories.Clear();
        CoverageStart = reader.ReadTime();
        ForgottenLatest = reader.ReadTime();
        ForgottenPrevious = reader.ReadTime();
        if (ForgottenPrevious > ForgottenLatest)
        {
            throw new InvalidDataException("Forgotten event times are out of order.");
        }

        var categories = new string[reader.ReadCount(MaxSerializedEvents)];
        for (var i = 0; i < categories.Length; i++)
        {
            categories[i] = reader.ReadString();
        }

        var count = reader.ReadCount(MaxSerializedEvents);
        var time = 0L;
        for (var i = 0; i < count; i++)
        {
            time = i == 0 ? reader.ReadSigned() : checked(time + (long)reader.ReadUnsigned());
            var behavior = reader.ReadByte();
            if (behavior > (byte)Behavior.Buy)
            {
                throw new InvalidDataException("Unknown behaviour " + behavior + " in aggregate state.");
            }

            var categoryIndex = reader.ReadCount(categories.Length);
            if (time < CoverageStart)
            {
                throw new InvalidDataException("Exact event at " + time + " precedes the coverage start " + CoverageStart + ".");
            }

            _events.Add(WithCategoryId(new TailEvent(time, (Behavior)behavior, categoryIndex == 0 ? null : categories[categoryIndex - 1])));
        }
    }

    /// <summary>Gives the event its category's id (and the table's copy of the string), compacting the table when it has grown stale.</summary>
    private TailEvent WithCategoryId(TailEvent e)
    {
        if (e.Category is null)
        {
            return e with { CategoryId = -1 };
        }

        // Ids of expired events are never reused; rebuild from the kept events before the table outgrows them by far.
        if (_categories.Count > (2 * _capacity) + 64)
        {
            _categories.Clear();
            for (var i = 0; i < _events.Count; i++)
            {
                if (_events[i].Category is { } kept)
                {
                    _events[i] = _events[i] with { CategoryId = _categories.IdOf(kept) };
                }
            }
        }

        var id = _categories.IdOf(e.Category);
        return e with { Category = _categories[id], CategoryId = id };
    }

    private void Forget(long time)
    {
        if (time > ForgottenLatest)
        {
            ForgottenPrevious = ForgottenLatest;
            ForgottenLatest = time;
        }
        else if (time > ForgottenPrevious)
        {
            ForgottenPrevious = time;
        }
    }

    private int LowerBound(long time)
    {
        int lo = 0, hi = _events.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_events[mid].Time < time)
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

    private int UpperBound(long time)
    {
        int lo = 0, hi = _events.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_events[mid].Time <= time)
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
