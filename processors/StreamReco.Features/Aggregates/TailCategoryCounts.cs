namespace StreamReco.Features.Aggregates;

/// <summary>
/// Per-category counts of the exact tail over one interval, computed in a single pass by category id and reused while the
/// same interval is asked for. The top-categories query asks every candidate category for the same interval; scanning the
/// tail once per category (and once more to find the candidates) was the aggregate's hottest loop.
/// </summary>
internal sealed class TailCategoryCounts(ExactEventTail tail)
{
    private long[] _counts = [];
    private int _ids;
    private long _from;
    private long _to;
    private bool _valid;

    public ExactEventTail Tail => tail;

    /// <summary>Same result as <see cref="ExactEventTail.CountCategory"/>.</summary>
    public long Count(string category, long from, long to)
    {
        Ensure(from, to);
        return tail.TryGetCategoryId(category, out var id) && id < _ids ? _counts[id] : 0;
    }

    /// <summary>Categories with at least one tail event in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public List<string> CategoriesIn(long from, long to)
    {
        Ensure(from, to);
        var categories = new List<string>();
        for (var id = 0; id < _ids; id++)
        {
            if (_counts[id] > 0)
            {
                categories.Add(tail.CategoryName(id));
            }
        }

        return categories;
    }

    private void Ensure(long from, long to)
    {
        if (!_valid || from != _from || to != _to)
        {
            _ids = tail.CountCategories(from, to, ref _counts);
            (_from, _to, _valid) = (from, to, true);
        }
    }
}
