namespace StreamReco.Streams.Internal;

/// <summary>Hosts a user <see cref="IProcessor{TKey, TValue}"/>.</summary>
internal sealed class TypedProcessorNode<TKey, TValue>(string name, IProcessor<TKey, TValue> processor, IReadOnlyCollection<string> storeNames)
    : ProcessorNode(name), IRecordReceiver<TKey, TValue>
{
    public override IReadOnlyCollection<string> StoreNames => storeNames;

    public override void Init(ProcessorContextImpl context) => processor.Init(context);

    public void Receive(Record<TKey, TValue> record) => processor.Process(record);

    public override void Close() => processor.Close();
}
