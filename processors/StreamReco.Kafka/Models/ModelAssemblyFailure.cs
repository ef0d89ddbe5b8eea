namespace StreamReco.Kafka.Models;

/// <summary>Why a model version could not be assembled; the previous model stays in service.</summary>
public enum ModelAssemblyFailure
{
    /// <summary>A chunk's own fields are invalid (index out of range, empty payload, count below one, bad length).</summary>
    InvalidChunk,

    /// <summary>A chunk disagrees with the other chunks of its version (count, sha256, length, or a different payload for the same index).</summary>
    InconsistentChunk,

    /// <summary>The final chunk arrived but earlier chunks of the version are missing.</summary>
    MissingChunk,

    /// <summary>The compressed stream is truncated or not gzip.</summary>
    CorruptCompression,

    /// <summary>Decompressed length differs from model_length.</summary>
    LengthMismatch,

    /// <summary>SHA-256 of the decompressed bytes differs from model_sha256.</summary>
    ChecksumMismatch,

    /// <summary>model_length exceeds the assembler's limit.</summary>
    TooLarge,
}
