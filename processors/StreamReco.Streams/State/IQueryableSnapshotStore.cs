namespace StreamReco.Streams.State;

/// <summary>
/// Reads for interactive queries from another thread on a store that hands out live cached instances: the results are copies,
/// so the caller never observes a value the stream thread is mutating.
/// </summary>
internal interface IQueryableSnapshotStore<TKey, TValue>
{
    bool TryGetSnapshot(TKey key, out TValue value);

    IReadOnlyList<KeyValuePair<TKey, TValue>> RangeSnapshot(TKey from, TKey to);

    IReadOnlyList<KeyValuePair<TKey, TValue>> AllSnapshot();
}
