namespace StreamReco.Streams.Tests;

/// <summary>Re-keys events from user to item, for repartition tests.</summary>
public sealed class RekeyByItemProcessor : Processor<string, ClickTestEvent>
{
    public override void Process(Record<string, ClickTestEvent> record) => Context.Forward(record.WithKey(record.Value.Item));
}
