using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.ObjectModel;

namespace StreamReco.Scoring.Candidates;

/// <summary>
/// Accumulates candidates from several sources: filters excluded items, merges duplicates, keeps insertion order. Reusable
/// through <see cref="Reset"/>, so a scoring thread keeps one and its index and entry list stop growing after the first lists.
/// </summary>
internal sealed class CandidateSetBuilder
{
    // Most candidates come from one source: they share one immutable list per source name instead of a list each.
    private static readonly ConcurrentDictionary<string, ReadOnlyCollection<string>> SingleSources = new(StringComparer.Ordinal);

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<(RankedItem Item, string Source, List<string>? MoreSources)> _entries = [];
    private IReadOnlySet<string> _excluded = FrozenSet<string>.Empty;
    private int _max;

    /// <summary>Empties the set for a new list (call it before each one), keeping the capacity it has grown to.</summary>
    public void Reset(IReadOnlySet<string> excluded, int max)
    {
        _index.Clear();
        _entries.Clear();
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
            var entry = _entries[existing];
            if (string.Equals(entry.Source, source, StringComparison.Ordinal) || entry.MoreSources?.Contains(source, StringComparer.Ordinal) == true)
            {
                return;
            }

            if (entry.MoreSources is null)
            {
                _entries[existing] = entry with { MoreSources = [source] };
            }
            else
            {
                entry.MoreSources.Add(source);
            }

            return;
        }

        if (_entries.Count >= _max)
        {
            return;
        }

        _index[item.ItemId] = _entries.Count;
        _entries.Add((item, source, null));
    }

    public IReadOnlyList<Candidate> Build()
    {
        var result = new Candidate[_entries.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var (item, source, moreSources) = _entries[i];
            IReadOnlyList<string> sources = moreSources is null
                ? SingleSources.GetOrAdd(source, static s => Array.AsReadOnly([s]))
                : [source, .. moreSources];
            result[i] = new Candidate(item.ItemId, item.CategoryId, source, item.Score, sources);
        }

        return result;
    }
}
