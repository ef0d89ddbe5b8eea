namespace StreamReco.Features.Aggregates;

/// <summary>
/// Per-category counts of the exact tail over one interval, computed in a single pass and reused while the same interval is
/// asked for. The top-categories query asks every candidate category for the same interval; scanning the tail once per
/// category (and once more to find the candidates) was the aggregate's hottest loop.
/// </summary>
internal sealed class TailCategoryCounts(ExactEventTail tail)
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _from;
    private long _to;
    private bool _valid;

    public ExactEventTail Tail => tail;

    /// <summary>Same result as <see cref="ExactEventTail.CountCategory"/>.</summary>
    public long Count(string category, long from, long to)
    {
        Ensure(from, to);
        return _counts.GetValueOrDefault(category);
    }

    /// <summary>Categories with at least one tail event in [<paramref name="from"/>, <paramref name="to"/>); a copy.</summary>
    public List<string> CategoriesIn(long from, long to)
    {
        Ensure(from, to);
        return [.. _counts.Keys];
    }

    private void Ensure(long from, long to)
    {
        if (!_valid || from != _from || to != _to)
        {
            _counts.Clear();
            tail.CountCategories(from, to, _counts);
            (_from, _to, _valid) = (from, to, true);
        }
    }
}
