namespace StreamReco.Producers;

/// <summary>Some events were not delivered; <see cref="Failures"/> holds the first ones with their Kafka errors.</summary>
public sealed class ClickEventDeliveryException : Exception
{
    public ClickEventDeliveryException(string message, long failedCount, IReadOnlyList<DeliveryFailure> failures, Exception? innerException = null)
        : base(message, innerException)
    {
        FailedCount = failedCount;
        Failures = failures;
    }

    public long FailedCount { get; }

    public IReadOnlyList<DeliveryFailure> Failures { get; }
}
