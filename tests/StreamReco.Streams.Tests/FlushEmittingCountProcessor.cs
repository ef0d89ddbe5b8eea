using StreamReco.Streams.State;

namespace StreamReco.Streams.Tests;

/// <summary>
/// Counts events per key in a cached store and forwards each key's count only when the cache flushes it (KTable-style
/// deduplication): at a commit or an eviction, once however many events the key had since.
/// </summary>
public sealed class FlushEmittingCountProcessor(string storeName) : Processor<string, ClickTestEvent>
{
    private IKeyValueStore<string, long>? _counts;

    public override void Init(IProcessorContext context)
    {
        base.Init(context);
        _counts = context.GetStateStore<IKeyValueStore<string, long>>(storeName);
        var cached = _counts as ICachedKeyValueStore<string, long>
            ?? throw new InvalidOperationException("Store " + storeName + " must be built WithCaching.");
        var forward = context.ForwarderTo<string, long>("counts-sink");
        cached.SetFlushListener((key, count) => forward(new Record<string, long>(key, count, context.StreamTimeMs)));
    }

    public override void Process(Record<string, ClickTestEvent> record) => _counts!.Put(record.Key, _counts.Get(record.Key) + 1);
}
