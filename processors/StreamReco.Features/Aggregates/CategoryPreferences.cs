using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Aggregates;

/// <summary>
/// Hourly event counts per category for a bounded set of categories (at most <c>maxTracked</c>). When a new category arrives
/// and the set is full, the category with the smallest retained count is evicted (ties: oldest newest-bucket, then ordinal id),
/// so heavy categories stay while one-off visits churn. A re-admitted category restarts from zero.
/// </summary>
internal sealed class CategoryPreferences
{
    private const int MaxSerializedCategories = 4096;

    private readonly Dictionary<string, BucketLevel> _categories = new(StringComparer.Ordinal);
    private readonly int _maxTracked;

    public CategoryPreferences(int maxTracked)
    {
        _maxTracked = maxTracked;
    }

    public int TrackedCount => _categories.Count;

    public bool IsTracked(string category) => _categories.ContainsKey(category);

    public void Add(long time, string category)
    {
        if (!_categories.TryGetValue(category, out var buckets))
        {
            if (_categories.Count >= _maxTracked)
            {
                EvictSmallest();
            }

            buckets = new BucketLevel(FeatureWindows.HourMs, 1);
            _categories.Add(category, buckets);
        }

        buckets.Add(time, 0);
    }

    /// <summary>
    /// Top <paramref name="k"/> categories of the 7-day window as of <paramref name="asOf"/>, largest share first (ties by id).
    /// Shares divide by max(<paramref name="totalEvents"/>, sum of category counts), so they always sum to at most 1.
    /// </summary>
    public IReadOnlyList<CategoryShare> TopShares(long asOf, ExactEventTail tail, long totalEvents, int k)
    {
        var from = EventTimeHistogram.WindowStart(asOf, FeatureWindows.SevenDaysMs, FeatureWindows.HourMs);
        // Candidates: tracked categories plus those in the tail within the window. A tail category seen only before the window
        // could only have a zero count (no hour buckets, and the tail level never counts before the window), so it is skipped.
        var tailCounts = new TailCategoryCounts(tail);
        var candidates = new List<string>(_categories.Keys);
        foreach (var category in tailCounts.CategoriesIn(from, asOf + 1))
        {
            if (!_categories.ContainsKey(category))
            {
                candidates.Add(category);
            }
        }

        var counts = new List<(string Category, long Count)>(candidates.Count);
        long sum = 0;
        Span<long> single = stackalloc long[1];
        foreach (var category in candidates)
        {
            single[0] = 0;
            ICountLevel hours = _categories.TryGetValue(category, out var buckets) ? buckets : EmptyHourLevel.Instance;
            WindowLadder.Sum([new TailCategoryLevel(tailCounts, category), hours], from, asOf + 1, single);
            if (single[0] > 0)
            {
                counts.Add((category, single[0]));
                sum += single[0];
            }
        }

        counts.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Category, b.Category));
        var denominator = (double)Math.Max(totalEvents, sum);
        var top = new List<CategoryShare>(Math.Min(k, counts.Count));
        for (var i = 0; i < counts.Count && i < k; i++)
        {
            top.Add(new CategoryShare(counts[i].Category, counts[i].Count / denominator));
        }

        return top;
    }

    public void ExpireBefore(long cutoff)
    {
        List<string>? empty = null;
        foreach (var (category, buckets) in _categories)
        {
            buckets.ExpireBefore(cutoff);
            if (buckets.IsEmpty)
            {
                (empty ??= []).Add(category);
            }
        }

        if (empty is not null)
        {
            foreach (var category in empty)
            {
                _categories.Remove(category);
            }
        }
    }

    public void Write(StateWriter writer)
    {
        var names = _categories.Keys.ToList();
        names.Sort(StringComparer.Ordinal);
        writer.WriteCount(names.Count);
        foreach (var name in names)
        {
            writer.WriteString(name);
            _categories[name].Write(writer);
        }
    }

    public void Read(ref StateReader reader)
    {
        _categories.Clear();
        var count = reader.ReadCount(MaxSerializedCategories);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var buckets = new BucketLevel(FeatureWindows.HourMs, 1);
            buckets.Read(ref reader);
            if (!_categories.TryAdd(name, buckets))
            {
                throw new InvalidDataException("Category '" + name + "' appears twice in aggregate state.");
            }
        }

        // A smaller configured bound than the stored state had: shrink now, the way eviction would have.
        while (_categories.Count > _maxTracked)
        {
            EvictSmallest();
        }
    }

    private void EvictSmallest()
    {
        string? victim = null;
        long victimTotal = 0, victimNewest = 0;
        foreach (var (category, buckets) in _categories)
        {
            var total = buckets.Total;
            var newest = buckets.NewestBucketStart;
            var smaller = victim is null
                || total < victimTotal
                || (total == victimTotal && newest < victimNewest)
                || (total == victimTotal && newest == victimNewest && string.CompareOrdinal(category, victim) < 0);
            if (smaller)
            {
                victim = category;
                victimTotal = total;
                victimNewest = newest;
            }
        }

        if (victim is not null)
        {
            _categories.Remove(victim);
        }
    }
}
