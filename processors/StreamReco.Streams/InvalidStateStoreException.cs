namespace StreamReco.Streams;

/// <summary>An interactive query hit a store that is not (or no longer) available locally, e.g. during a rebalance; retry later.</summary>
public sealed class InvalidStateStoreException : StreamsException
{
    public InvalidStateStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
