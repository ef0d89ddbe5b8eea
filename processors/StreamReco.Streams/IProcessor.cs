namespace StreamReco.Streams;

/// <summary>
/// A stream processor, as in Kafka Streams: one instance per task (input partition), created by the factory
/// given to <see cref="Topology.AddProcessor{TKey, TValue}"/>. All calls for one task happen on one thread.
/// </summary>
public interface IProcessor<TKey, TValue>
{
    /// <summary>Called once before the first record; keep the context, look up stores and schedule punctuations here.</summary>
    void Init(IProcessorContext context);

    void Process(Record<TKey, TValue> record);

    /// <summary>Called when the task closes (revocation, shutdown). Stores are still open; do not forward.</summary>
    void Close();
}
