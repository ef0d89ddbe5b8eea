namespace StreamReco.Streams;

/// <summary>Header names on dead-lettered records. The original key, value and headers are kept unchanged.</summary>
public static class DeadLetterHeaders
{
    /// <summary>Short machine-readable reason: a <c>DecodeFailure</c> name, "KeyDecode", "InvalidTimestamp" or an exception type.</summary>
    public const string Reason = "dlq.reason";

    public const string Error = "dlq.error";
    public const string SourceTopic = "dlq.source.topic";
    public const string SourcePartition = "dlq.source.partition";
    public const string SourceOffset = "dlq.source.offset";
    public const string ApplicationId = "dlq.app";
}
