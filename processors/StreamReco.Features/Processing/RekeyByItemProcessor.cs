using StreamReco.Features.Snapshots;
using StreamReco.Streams;

namespace StreamReco.Features.Processing;

/// <summary>Re-keys clicks from user id to item id, ahead of the repartition that feeds the item aggregates.</summary>
public sealed class RekeyByItemProcessor : Processor<string, EnrichedClick>
{
    public override void Process(Record<string, EnrichedClick> record) => Context.Forward(record.WithKey(record.Value.Click.ItemId));
}
