namespace StreamReco.Streams.State;

/// <summary>A store that buffers writes in a record cache; the engine flushes it before committing, checkpointing and closing.</summary>
internal interface ICachingStore
{
    /// <summary>
    /// Writes every dirty cached entry to the changelog and inner store (serialized once each) and tells the flush listener, if
    /// any; returns how many entries it wrote.
    /// </summary>
    int FlushCache();
}
