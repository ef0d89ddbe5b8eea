using System.Text;
using Confluent.Kafka;
using StreamReco.Streams.Internal;
using StreamReco.Streams.State;

namespace StreamReco.Streams.Tests;

public sealed class CachingKeyValueStoreTests
{
    [Fact]
    public void Puts_stay_in_the_cache_until_the_flush_writes_each_dirty_key_once_to_changelog_and_inner_store()
    {
        var (store, inner, collector, serde) = Create(maxEntries: 100);

        for (var i = 1; i <= 10; i++)
        {
            store.Put("hot", i);
        }

        store.Put("cold", 7);

        Assert.Empty(collector.Records);
        Assert.Equal(0, inner.ApproximateCount);
        Assert.Equal(0, serde.Serializations);
        Assert.Equal(2, store.ApproximateCount);

        store.FlushCache();

        Assert.Equal(["cold", "hot"], collector.Records.Select(r => Encoding.UTF8.GetString(r.Key!)).Order());
        Assert.Equal(2, serde.Serializations);
        Assert.Equal(10, Serdes.Int64.Deserialize(inner.Get(Encoding.UTF8.GetBytes("hot"))!));
        Assert.Equal(0, store.DirtyCount);

        store.FlushCache();
        Assert.Equal(2, collector.Records.Count);
    }

    [Fact]
    public void Reads_see_the_writes_and_deletes_of_the_cache_before_any_flush()
    {
        var (store, inner, _, _) = Create(maxEntries: 100);
        inner.Put(Encoding.UTF8.GetBytes("a"), Serdes.Int64.Serialize(1));
        inner.Put(Encoding.UTF8.GetBytes("b"), Serdes.Int64.Serialize(2));

        store.Put("a", 10);
        Assert.True(store.Delete("b"));
        store.Put("c", 30);

        Assert.Equal(10, store.Get("a"));
        Assert.False(store.TryGet("b", out _));
        Assert.False(store.Delete("b"));
        Assert.Equal(30, store.Get("c"));
        Assert.Equal([("a", 10L), ("c", 30L)], store.All().Select(e => (e.Key, e.Value)));
        Assert.Equal([("c", 30L)], store.Range("b", "z").Select(e => (e.Key, e.Value)));
        Assert.Equal(2, store.ApproximateCount);

        store.FlushCache();

        Assert.Null(inner.Get(Encoding.UTF8.GetBytes("b")));
        Assert.Equal(2, inner.ApproximateCount);
        Assert.Equal(2, store.ApproximateCount);
    }

    [Fact]
    public void Evicting_the_least_recently_used_dirty_entry_writes_it_through()
    {
        var (store, inner, collector, _) = Create(maxEntries: 2);

        store.Put("a", 1);
        store.Put("b", 2);
        Assert.Equal(1, store.Get("a"));
        store.Put("c", 3);

        // "b" was least recently used: evicted and written through; "a" and "c" are still only cached.
        Assert.Equal(["b"], collector.Records.Select(r => Encoding.UTF8.GetString(r.Key!)));
        Assert.Equal(2, Serdes.Int64.Deserialize(inner.Get(Encoding.UTF8.GetBytes("b"))!));
        Assert.Equal(2, store.CachedCount);
        Assert.Equal(2, store.Get("b"));

        store.FlushCache();
        Assert.Equal(3, collector.Records.Count);
        Assert.Equal(3, inner.ApproximateCount);
    }

    [Fact]
    public void The_flush_listener_hears_each_dirty_key_once_with_its_newest_value_in_first_written_order()
    {
        var (store, _, _, _) = Create(maxEntries: 100);
        var heard = new List<(string Key, long Value)>();
        store.SetFlushListener((key, value) => heard.Add((key, value)));

        store.Put("b", 1);
        store.Put("a", 1);
        store.Put("b", 2);
        store.Put("c", 5);
        Assert.True(store.Delete("c"));
        Assert.Empty(heard);

        store.FlushCache();
        Assert.Equal([("b", 2L), ("a", 1L), ("c", 0L)], heard);

        store.FlushCache();
        Assert.Equal(3, heard.Count);
    }

    [Fact]
    public void An_eviction_tells_the_listener_of_the_evicted_dirty_key_only()
    {
        var (store, _, _, _) = Create(maxEntries: 2);
        var heard = new List<string>();
        store.SetFlushListener((key, _) => heard.Add(key));

        store.Put("a", 1);
        store.Put("b", 2);
        store.FlushCache();
        heard.Clear();
        store.Put("b", 3);
        store.Put("c", 4);
        store.Put("d", 5);

        // "a" (clean) then "b" (dirty) were evicted: only the dirty one is written below and announced.
        Assert.Equal(["b"], heard);
    }

    [Fact]
    public void A_listener_may_write_to_the_store_and_the_next_flush_writes_that_too()
    {
        var (store, inner, _, _) = Create(maxEntries: 100);
        var heard = new List<string>();
        store.SetFlushListener((key, value) =>
        {
            heard.Add(key);
            if (key == "source")
            {
                store.Put("derived", value * 10);
            }
        });

        store.Put("source", 4);
        Assert.Equal(1, store.FlushCache());
        Assert.Equal(1, store.FlushCache());
        Assert.Equal(0, store.FlushCache());

        Assert.Equal(["source", "derived"], heard);
        Assert.Equal(40, Serdes.Int64.Deserialize(inner.Get(Encoding.UTF8.GetBytes("derived"))!));
    }

    [Fact]
    public void A_snapshot_read_of_a_miss_neither_caches_nor_evicts()
    {
        var (store, inner, _, _) = Create(maxEntries: 1);
        inner.Put(Encoding.UTF8.GetBytes("cold"), Serdes.Int64.Serialize(9));
        var heard = new List<string>();
        store.SetFlushListener((key, _) => heard.Add(key));
        store.Put("hot", 1);

        Assert.True(store.TryGetSnapshot("cold", out var cold));
        Assert.Equal(9, cold);
        Assert.False(store.TryGetSnapshot("absent", out _));

        Assert.Equal(1, store.CachedCount);
        Assert.Equal(1, store.DirtyCount);
        Assert.Empty(heard);
    }

    [Fact]
    public void Serialized_keys_are_cached_by_content()
    {
        var inner = new InMemoryKeyValueBytesStore("bytes");
        var store = new CachingKeyValueStore<byte[], long>(inner, Serdes.ByteArray, Serdes.Int64, "app", 10);

        store.Put([1, 2, 3], 1);
        store.Put([1, 2, 3], 2);

        Assert.Equal(1, store.CachedCount);
        Assert.Equal(2, store.Get([1, 2, 3]));
        Assert.Equal(1, store.FlushCache());
        Assert.Equal(1, inner.ApproximateCount);
    }

    [Fact]
    public void Replaying_the_changelog_after_flushes_and_evictions_rebuilds_the_cached_state()
    {
        var (store, _, collector, _) = Create(maxEntries: 3);
        var random = new Random(42);
        var expected = new Dictionary<string, long>();
        for (var i = 0; i < 500; i++)
        {
            var key = "k" + random.Next(10);
            if (random.Next(5) == 0)
            {
                store.Delete(key);
                expected.Remove(key);
            }
            else
            {
                var value = store.Get(key) + 1;
                store.Put(key, value);
                expected[key] = value;
            }

            if (i % 37 == 0)
            {
                store.FlushCache();
            }
        }

        store.FlushCache();
        var restored = new InMemoryKeyValueBytesStore("s");
        foreach (var record in collector.Records)
        {
            restored.Put(record.Key!, record.Value);
        }

        var restoredStore = new MeteredKeyValueStore<string, long>(restored, Serdes.String, Serdes.Int64, "app");
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)), restoredStore.All().Select(e => (e.Key, e.Value)));
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)), store.All().Select(e => (e.Key, e.Value)));
    }

    [Fact]
    public void Snapshot_reads_return_copies_not_the_cached_instances()
    {
        var inner = new InMemoryKeyValueBytesStore("s");
        var store = new CachingKeyValueStore<string, List<long>>(inner, Serdes.String, new ListSerde(), "app", 10);
        var cached = new List<long> { 1 };
        store.Put("a", cached);

        Assert.Same(cached, store.Get("a"));
        Assert.True(store.TryGetSnapshot("a", out var copy));
        Assert.NotSame(cached, copy);
        Assert.Equal([1L], copy);
        Assert.NotSame(cached, Assert.Single(store.AllSnapshot()).Value);
    }

    [Fact]
    public void The_driver_store_built_with_caching_reads_its_own_writes()
    {
        var builder = Stores.InMemoryKeyValueStore("counts", Serdes.String, Serdes.Int64).WithCaching(5);
        Assert.Equal(5, builder.CacheMaxEntries);
        Assert.True(builder.WithLoggingDisabled().CacheMaxEntries == 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.WithCaching(0));
    }

    [Fact]
    public void A_missing_key_read_then_written_is_looked_up_below_once_and_its_miss_writes_nothing()
    {
        var inner = new CountingBytesStore(new InMemoryKeyValueBytesStore("s"));
        var store = new CachingKeyValueStore<string, long>(inner, Serdes.String, Serdes.Int64, "app", maxEntries: 100);

        Assert.False(store.TryGet("new", out _));
        Assert.False(store.TryGet("new", out _));
        store.Put("new", 1);
        Assert.False(store.TryGet("absent", out _));
        Assert.False(store.Delete("absent-too"));

        Assert.Equal(3, inner.Gets);
        Assert.Equal(1, store.Get("new"));
        Assert.Equal(1, store.ApproximateCount);
        store.FlushCache();
        Assert.Equal(["absent-too", "new"], inner.Writes.Order());
    }

    private static (CachingKeyValueStore<string, long> Store, InMemoryKeyValueBytesStore Inner, CapturingCollector Collector, CountingSerde Serde) Create(int maxEntries)
    {
        var collector = new CapturingCollector();
        var inner = new InMemoryKeyValueBytesStore("s");
        var logged = new ChangeLoggingKeyValueBytesStore(inner, collector, "app-s-changelog", partition: 0, () => 1_000);
        var serde = new CountingSerde();
        return (new CachingKeyValueStore<string, long>(logged, Serdes.String, serde, "app", maxEntries), inner, collector, serde);
    }

    private sealed class CountingBytesStore(IKeyValueBytesStore inner) : IKeyValueBytesStore
    {
        public int Gets { get; private set; }

        public List<string> Writes { get; } = [];

        public string Name => inner.Name;

        public long ApproximateCount => inner.ApproximateCount;

        public byte[]? Get(byte[] key)
        {
            Gets++;
            return inner.Get(key);
        }

        public void Put(byte[] key, byte[]? value)
        {
            Writes.Add(Encoding.UTF8.GetString(key));
            inner.Put(key, value);
        }

        public byte[]? Delete(byte[] key)
        {
            Writes.Add(Encoding.UTF8.GetString(key));
            return inner.Delete(key);
        }

        public IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[]? from, byte[]? to) => inner.Range(from, to);

        public void Flush() => inner.Flush();

        public void Dispose() => inner.Dispose();
    }

    private sealed class CountingSerde : ISerde<long>
    {
        public int Serializations { get; private set; }

        public byte[] Serialize(long value)
        {
            Serializations++;
            return Serdes.Int64.Serialize(value);
        }

        public long Deserialize(ReadOnlySpan<byte> data) => Serdes.Int64.Deserialize(data);
    }

    private sealed class ListSerde : ISerde<List<long>>
    {
        public byte[] Serialize(List<long> value) => [.. value.SelectMany(v => Serdes.Int64.Serialize(v))];

        public List<long> Deserialize(ReadOnlySpan<byte> data)
        {
            var result = new List<long>();
            for (var i = 0; i < data.Length; i += 8)
            {
                result.Add(Serdes.Int64.Deserialize(data.Slice(i, 8)));
            }

            return result;
        }
    }

    private sealed class CapturingCollector : IRecordCollector
    {
        public List<(string Topic, int Partition, byte[]? Key, byte[]? Value, long TimestampMs)> Records { get; } = [];

        public void Send(string topic, int partition, byte[]? key, byte[]? value, Headers? headers, long timestampMs) =>
            Records.Add((topic, partition, key, value, timestampMs));

        public int PartitionCount(string topic) => 1;
    }
}
