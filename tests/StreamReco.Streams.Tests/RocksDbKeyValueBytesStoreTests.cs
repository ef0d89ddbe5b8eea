using System.Text;
using StreamReco.Streams.State;

namespace StreamReco.Streams.Tests;

public sealed class RocksDbKeyValueBytesStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "streamreco-rocks-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Put_get_delete_and_tombstone_put()
    {
        using var store = new RocksDbKeyValueBytesStore("s", _directory);

        store.Put(Key("a"), Key("1"));
        store.Put(Key("b"), Key("2"));
        Assert.Equal("1", Text(store.Get(Key("a"))));
        Assert.Equal("2", Text(store.Delete(Key("b"))));
        Assert.Null(store.Get(Key("b")));
        Assert.Null(store.Delete(Key("b")));
        store.Put(Key("a"), null);
        Assert.Null(store.Get(Key("a")));
    }

    [Fact]
    public void Range_is_inclusive_and_in_unsigned_byte_order()
    {
        using var store = new RocksDbKeyValueBytesStore("s", _directory);
        foreach (var key in new[] { "d", "a", "c", "b", "e" })
        {
            store.Put(Key(key), Key(key.ToUpperInvariant()));
        }

        store.Put([0xFF], Key("high"));

        Assert.Equal(["b", "c", "d"], store.Range(Key("b"), Key("d")).Select(e => Text(e.Key)));
        Assert.Equal(["a", "b", "c", "d", "e"], store.Range(null, Key("e")).Select(e => Text(e.Key)));
        Assert.Equal(6, store.Range(null, null).Count());
        Assert.Equal("high", Text(store.Range([0x80], null).Single().Value));
        Assert.InRange(store.ApproximateCount, 1, 6);
    }

    [Fact]
    public void Flushed_data_survives_close_and_reopen()
    {
        using (var store = new RocksDbKeyValueBytesStore("s", _directory))
        {
            for (var i = 0; i < 1000; i++)
            {
                store.Put(Key("k" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)), Key("v" + i));
            }

            store.Delete(Key("k0005"));
            store.Flush();
        }

        using var reopened = new RocksDbKeyValueBytesStore("s", _directory);
        Assert.Equal("v7", Text(reopened.Get(Key("k0007"))));
        Assert.Null(reopened.Get(Key("k0005")));
        Assert.Equal(999, reopened.Range(null, null).Count());
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static byte[] Key(string text) => Encoding.UTF8.GetBytes(text);

    private static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}
