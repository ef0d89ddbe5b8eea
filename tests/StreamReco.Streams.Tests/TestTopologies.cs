using StreamReco.Streams.State;

namespace StreamReco.Streams.Tests;

/// <summary>Topologies shared by driver and broker tests.</summary>
public static class TestTopologies
{
    public const string Clicks = "clicks";
    public const string Counts = "counts";
    public const string CountStore = "counts";
    public const string ItemCounts = "item-counts";
    public const string ItemCountStore = "item-counts";

    /// <summary>clicks -> count per user (store "counts", optionally with a record cache) -> topic "counts".</summary>
    public static Topology CountPerUser(bool persistent = false, string? deadLetterTopic = null, bool cached = false)
    {
        var store = persistent
            ? Stores.PersistentKeyValueStore(CountStore, Serdes.String, Serdes.Int64)
            : Stores.InMemoryKeyValueStore(CountStore, Serdes.String, Serdes.Int64);
        store = cached ? store.WithCaching(4) : store;
        return new Topology()
            .AddSource("clicks-source", Clicks, Serdes.String, ClickTestEventSerde.Instance, deadLetterTopic, (_, value, _) => value.TimestampMs)
            .AddProcessor("count", () => new CountingProcessor(CountStore), "clicks-source")
            .AddStateStore(store, "count")
            .AddSink("counts-sink", Counts, Serdes.String, Serdes.Int64, "count");
    }

    /// <summary>clicks -> count per user in a cached store of <paramref name="cacheEntries"/> entries, emitted on cache flush -> "counts".</summary>
    public static Topology CountPerUserEmittedOnFlush(int cacheEntries = 1_000) =>
        new Topology()
            .AddSource("clicks-source", Clicks, Serdes.String, ClickTestEventSerde.Instance, timestampExtractor: (_, value, _) => value.TimestampMs)
            .AddProcessor("count", () => new FlushEmittingCountProcessor(CountStore), "clicks-source")
            .AddStateStore(Stores.InMemoryKeyValueStore(CountStore, Serdes.String, Serdes.Int64).WithCaching(cacheEntries), "count")
            .AddSink("counts-sink", Counts, Serdes.String, Serdes.Int64, "count");

    /// <summary>clicks keyed by user -> re-key by item -> repartition "by-item" -> count per item -> topic "item-counts".</summary>
    /// <param name="repartitionValueBytes">Pads the re-keyed records to this size (0: unpadded JSON).</param>
    public static Topology CountPerItemThroughRepartition(int repartitionValueBytes = 0)
    {
        ISerde<ClickTestEvent> rekeyed = repartitionValueBytes > 0
            ? new PaddedSerde<ClickTestEvent>(ClickTestEventSerde.Instance, repartitionValueBytes)
            : ClickTestEventSerde.Instance;
        return new Topology()
            .AddSource("clicks-source", Clicks, Serdes.String, ClickTestEventSerde.Instance)
            .AddProcessor("rekey", () => new RekeyByItemProcessor(), "clicks-source")
            .AddRepartition("by-item", Serdes.String, rekeyed, "rekey")
            .AddProcessor("count-items", () => new CountingProcessor(ItemCountStore), "by-item")
            .AddStateStore(Stores.InMemoryKeyValueStore(ItemCountStore, Serdes.String, Serdes.Int64), "count-items")
            .AddSink("item-counts-sink", ItemCounts, Serdes.String, Serdes.Int64, "count-items");
    }
}
