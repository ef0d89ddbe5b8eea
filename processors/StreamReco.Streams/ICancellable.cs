namespace StreamReco.Streams;

/// <summary>Handle of a scheduled punctuation.</summary>
public interface ICancellable
{
    void Cancel();
}
