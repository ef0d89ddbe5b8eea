namespace StreamReco.Streams;

/// <summary>A topology or runtime error that stops the application (unlike per-record decode errors, which are dead-lettered).</summary>
public class StreamsException : Exception
{
    public StreamsException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
