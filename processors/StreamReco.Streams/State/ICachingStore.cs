namespace StreamReco.Streams.State;

/// <summary>A store that buffers writes in a record cache; the engine flushes it before committing, checkpointing and closing.</summary>
internal interface ICachingStore
{
    /// <summary>Writes every dirty cached entry to the changelog and inner store (serialized once each).</summary>
    void FlushCache();
}
