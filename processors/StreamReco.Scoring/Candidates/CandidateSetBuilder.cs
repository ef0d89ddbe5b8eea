namespace StreamReco.Scoring.Candidates;

/// <summary>Accumulates candidates from several sources: filters excluded items, merges duplicates, keeps insertion order.</summary>
internal sealed class CandidateSetBuilder
{
    private readonly IReadOnlySet<string> _excluded;
    private readonly int _max;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<(RankedItem Item, string Source, List<string> Sources)> _entries = [];

    public CandidateSetBuilder(IReadOnlySet<string> excluded, int max)
    {
        _excluded = excluded;
        _max = max;
    }

    public int Count => _entries.Count;

    public void AddRange(IReadOnlyList<RankedItem> items, string source)
    {
        foreach (var item in items)
        {
            Add(item, source);
        }
    }

    public void Add(RankedItem item, string source)
    {
        if (_excluded.Contains(item.ItemId))
        {
            return;
        }

        if (_index.TryGetValue(item.ItemId, out var existing))
        {
            var sources = _entries[existing].Sources;
            if (!sources.Contains(source, StringComparer.Ordinal))
            {
                sources.Add(source);
            }

            return;
        }

        if (_entries.Count >= _max)
        {
            return;
        }

        _index[item.ItemId] = _entries.Count;
        _entries.Add((item, source, [source]));
    }

    public IReadOnlyList<Candidate> Build()
    {
        var result = new Candidate[_entries.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var (item, source, sources) = _entries[i];
            result[i] = new Candidate(item.ItemId, item.CategoryId, source, item.Score, sources);
        }

        return result;
    }
}
