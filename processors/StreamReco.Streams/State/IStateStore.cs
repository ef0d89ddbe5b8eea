namespace StreamReco.Streams.State;

/// <summary>A store owned by one task.</summary>
public interface IStateStore
{
    string Name { get; }

    /// <summary>Persists buffered writes (RocksDB memtable) so a checkpoint can be written.</summary>
    void Flush();
}
