namespace StreamReco.Features.Aggregates;

/// <summary>
/// Small integer ids for the categories of one <see cref="ExactEventTail"/>, so counting per category is array indexing
/// instead of hashing a string per event, and each distinct category string is held once.
/// </summary>
internal sealed class TailCategoryTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public int Count => _names.Count;

    public string this[int id] => _names[id];

    public int IdOf(string category)
    {
        if (!_ids.TryGetValue(category, out var id))
        {
            id = _names.Count;
            _names.Add(category);
            _ids.Add(category, id);
        }

        return id;
    }

    public bool TryGetId(string category, out int id) => _ids.TryGetValue(category, out id);

    public void Clear()
    {
        _ids.Clear();
        _names.Clear();
    }
}
