using StreamReco.Streams.State;

namespace StreamReco.Streams.Tests;

/// <summary>Counts events per key in a store and forwards the running count.</summary>
public sealed class CountingProcessor(string storeName) : Processor<string, ClickTestEvent>
{
    private IKeyValueStore<string, long>? _counts;

    public override void Init(IProcessorContext context)
    {
        base.Init(context);
        _counts = context.GetStateStore<IKeyValueStore<string, long>>(storeName);
    }

    public override void Process(Record<string, ClickTestEvent> record)
    {
        var count = _counts!.Get(record.Key) + 1;
        _counts.Put(record.Key, count);
        Context.Forward(record.WithValue(count));
    }
}
