using System.Globalization;
using RocksDbSharp;

namespace StreamReco.Streams.State;

/// <summary>
/// Persistent bytes store in a RocksDB directory. Writes skip the WAL: the changelog is the durable log and a local checkpoint
/// is only written after <see cref="Flush"/>, so a crash falls back to changelog restore (like Kafka Streams).
/// </summary>
public sealed class RocksDbKeyValueBytesStore : IKeyValueBytesStore
{
    private readonly RocksDb _db;
    private readonly WriteOptions _writeOptions = new WriteOptions().DisableWal(1);
    private bool _disposed;

    public RocksDbKeyValueBytesStore(string name, string directory)
    {
        Name = name;
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        var options = new DbOptions().SetCreateIfMissing(true);
        _db = RocksDb.Open(options, directory);
    }

    public string Name { get; }

    public string Directory { get; }

    public long ApproximateCount
    {
        get
        {
            var estimate = _db.GetProperty("rocksdb.estimate-num-keys");
            return long.TryParse(estimate, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0;
        }
    }

    public byte[]? Get(byte[] key) => _db.Get(key);

    public void Put(byte[] key, byte[]? value)
    {
        if (value is null)
        {
            _db.Remove(key, null, _writeOptions);
        }
        else
        {
            _db.Put(key, value, null, _writeOptions);
        }
    }

    public byte[]? Delete(byte[] key)
    {
        var old = _db.Get(key);
        if (old is not null)
        {
            _db.Remove(key, null, _writeOptions);
        }

        return old;
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[]? from, byte[]? to)
    {
        var comparer = ByteArrayComparer.Instance;
        using var iterator = _db.NewIterator();
        if (from is null)
        {
            iterator.SeekToFirst();
        }
        else
        {
            iterator.Seek(from);
        }

        while (iterator.Valid())
        {
            var key = iterator.Key();
            if (to is not null && comparer.Compare(key, to) > 0)
            {
                yield break;
            }

            yield return new KeyValuePair<byte[], byte[]>(key, iterator.Value());
            iterator.Next();
        }
    }

    public void Flush()
    {
        var flushOptions = new FlushOptions().SetWaitForFlush(true);
        _db.Flush(flushOptions);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _db.Dispose();
    }
}
