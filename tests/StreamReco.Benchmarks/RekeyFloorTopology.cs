using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;

namespace StreamReco.Benchmarks;

/// <summary>
/// The least a re-keying topology does on this runtime: decode each click, re-key it by item through a repartition topic and
/// decode it again, with no state and no output. Its rate bounds what any feature topology with the same shape can reach on
/// the same broker and cores.
/// </summary>
internal static class RekeyFloorTopology
{
    public const string RepartitionName = "floor-by-item";

    public static Topology Build()
    {
        var clicks = Serdes.FromCodec(Codecs.ClickEvent);
        return new Topology()
            .AddSource("floor-clicks", TopicNames.Clicks, Serdes.String, clicks)
            .AddProcessor("floor-rekey", () => new RekeyProcessor(), "floor-clicks")
            .AddRepartition(RepartitionName, Serdes.String, clicks, "floor-rekey")
            .AddProcessor("floor-read", () => new DiscardProcessor(), RepartitionName);
    }

    private sealed class RekeyProcessor : Processor<string, ClickEvent>
    {
        public override void Process(Record<string, ClickEvent> record) => Context.Forward(record.WithKey(record.Value.ItemId));
    }

    private sealed class DiscardProcessor : Processor<string, ClickEvent>
    {
        public override void Process(Record<string, ClickEvent> record)
        {
        }
    }
}
