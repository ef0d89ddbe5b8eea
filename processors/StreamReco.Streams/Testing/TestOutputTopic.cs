namespace StreamReco.Streams.Testing;

/// <summary>Reads what the topology wrote to a topic, in order; each record is read once.</summary>
public sealed class TestOutputTopic<TKey, TValue>
    where TKey : notnull
{
    private readonly TopologyTestDriver _driver;
    private readonly ISerde<TKey> _keySerde;
    private readonly ISerde<TValue> _valueSerde;
    private int _position;

    internal TestOutputTopic(TopologyTestDriver driver, string topic, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        _driver = driver;
        Topic = topic;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
    }

    public string Topic { get; }

    /// <summary>Records not read yet.</summary>
    public int QueueSize => _driver.Produced(Topic).Count - _position;

    public bool IsEmpty => QueueSize == 0;

    public TestRecord<TKey, TValue> ReadRecord()
    {
        var records = _driver.Produced(Topic);
        if (_position >= records.Count)
        {
            throw new InvalidOperationException($"No more records in {Topic}.");
        }

        var raw = records[_position++];
        var key = raw.Key is null ? default! : _keySerde.Deserialize(raw.Key);
        var value = raw.Value is null ? default! : _valueSerde.Deserialize(raw.Value);
        return new TestRecord<TKey, TValue>(key, value, raw.TimestampMs, raw.Headers, raw.Partition);
    }

    public TValue ReadValue() => ReadRecord().Value;

    public KeyValuePair<TKey, TValue> ReadKeyValue()
    {
        var record = ReadRecord();
        return new KeyValuePair<TKey, TValue>(record.Key, record.Value);
    }

    public List<TestRecord<TKey, TValue>> ReadRecordsToList()
    {
        var list = new List<TestRecord<TKey, TValue>>(QueueSize);
        while (!IsEmpty)
        {
            list.Add(ReadRecord());
        }

        return list;
    }

    public List<TValue> ReadValuesToList() => [.. ReadRecordsToList().Select(r => r.Value)];

    /// <summary>Latest value per key (tombstones remove the key), like reading a compacted topic.</summary>
    public Dictionary<TKey, TValue> ReadKeyValuesToMap()
    {
        var map = new Dictionary<TKey, TValue>();
        foreach (var record in ReadRecordsToList())
        {
            if (record.Value is null)
            {
                map.Remove(record.Key);
            }
            else
            {
                map[record.Key] = record.Value;
            }
        }

        return map;
    }
}
