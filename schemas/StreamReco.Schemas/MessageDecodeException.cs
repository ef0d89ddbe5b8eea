namespace StreamReco.Schemas;

/// <summary>A message could not be decoded. Callers route the record to a dead-letter topic with <see cref="Failure"/> as reason.</summary>
public sealed class MessageDecodeException : Exception
{
    public MessageDecodeException(DecodeFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public DecodeFailure Failure { get; }
}
