namespace StreamReco.Reliability.Tests;

/// <summary>Kinds of malformed events.clicks records the fuzz test sends.</summary>
public enum BadInputKind
{
    RandomBytes,
    TruncatedAvro,
    UnknownFingerprint,

    /// <summary>A valid ClickEvent single-object header followed by another record's body (wrong field types).</summary>
    WrongFieldTypes,
    FarFutureTimestamp,
    FarPastTimestamp,
    EmptyIds,

    /// <summary>Random bytes just under the producer's 1 MB message limit.</summary>
    Huge,
    EmptyValue,
}
