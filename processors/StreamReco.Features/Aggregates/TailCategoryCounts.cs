namespace StreamReco.Features.Aggregates;

/// <summary>
/// Per-category counts of the exact tail over one interval, computed in a single pass and reused while the same interval is
/// asked for. The top-categories query asks every candidate category for the same interval; scanning the tail once per
/// category (and once more to find the candidates) was the aggregate's hottest loop.
/// </summary>
internal sealed class TailCategoryCounts(ExactEventTail tail)
{
    private readonly List<(string Category, long Count)> _counts = [];
    private long _from;
    private long _to;
    private bool _valid;

    public ExactEventTail Tail => tail;

    /// <summary>Same result as <see cref="ExactEventTail.CountCategory"/>.</summary>
    public long Count(string category, long from, long to)
    {
        Ensure(from, to);
        foreach (var (name, count) in _counts)
        {
            if (string.Equals(name, category, StringComparison.Ordinal))
            {
                return count;
            }
        }

        return 0;
    }

    /// <summary>Categories with at least one tail event in [<paramref name="from"/>, <paramref name="to"/>), in first-seen order.</summary>
    public IEnumerable<string> CategoriesIn(long from, long to)
    {
        Ensure(from, to);
        return _counts.Select(c => c.Category);
    }

    private void Ensure(long from, long to)
    {
        if (!_valid || from != _from || to != _to)
        {
            tail.CountCategories(from, to, _counts);
            (_from, _to, _valid) = (from, to, true);
        }
    }
}
