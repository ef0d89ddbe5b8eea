namespace StreamReco.Streams.State;

/// <summary>Sorted in-memory bytes store. Iterators return a snapshot so interactive queries never see a torn range.</summary>
public sealed class InMemoryKeyValueBytesStore : IKeyValueBytesStore
{
    private readonly SortedDictionary<byte[], byte[]> _map = new(ByteArrayComparer.Instance);
    private readonly Lock _lock = new();

    public InMemoryKeyValueBytesStore(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public long ApproximateCount
    {
        get
        {
            lock (_lock)
            {
                return _map.Count;
            }
        }
    }

    public byte[]? Get(byte[] key)
    {
        lock (_lock)
        {
            return _map.TryGetValue(key, out var value) ? value : null;
        }
    }

    public void Put(byte[] key, byte[]? value)
    {
        lock (_lock)
        {
            if (value is null)
            {
                _map.Remove(key);
            }
            else
            {
                _map[key] = value;
            }
        }
    }

    public byte[]? Delete(byte[] key)
    {
        lock (_lock)
        {
            return _map.Remove(key, out var old) ? old : null;
        }
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[]? from, byte[]? to)
    {
        var comparer = ByteArrayComparer.Instance;
        var snapshot = new List<KeyValuePair<byte[], byte[]>>();
        lock (_lock)
        {
            foreach (var entry in _map)
            {
                if (from is not null && comparer.Compare(entry.Key, from) < 0)
                {
                    continue;
                }

                if (to is not null && comparer.Compare(entry.Key, to) > 0)
                {
                    break;
                }

                snapshot.Add(entry);
            }
        }

        return snapshot;
    }

    public void Flush()
    {
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _map.Clear();
        }
    }
}
