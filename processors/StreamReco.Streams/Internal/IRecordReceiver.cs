namespace StreamReco.Streams.Internal;

/// <summary>A node that accepts records of one key/value type.</summary>
internal interface IRecordReceiver<TKey, TValue>
{
    void Receive(Record<TKey, TValue> record);
}
