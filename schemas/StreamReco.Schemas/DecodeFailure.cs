namespace StreamReco.Schemas;

/// <summary>Why a message could not be decoded; the value goes into the dead-letter reason header.</summary>
public enum DecodeFailure
{
    /// <summary>Null or empty payload.</summary>
    Empty,

    /// <summary>Does not start with the single-object marker 0xC3 0x01, or is shorter than the header.</summary>
    BadHeader,

    /// <summary>Writer-schema fingerprint is not one this build knows.</summary>
    UnknownFingerprint,

    /// <summary>Known schema, but the body is truncated, corrupt or has trailing bytes.</summary>
    CorruptBody,

    /// <summary>Decoded, but a value is out of its domain (empty id, absurd timestamp...).</summary>
    InvalidValue,
}
