namespace StreamReco.Schemas;

/// <summary>
/// Encodes and decodes one message type as Avro single-object encoding
/// (0xC3 0x01, 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, Avro binary body).
/// </summary>
public interface IMessageCodec<T>
{
    /// <summary>Fingerprint of the current (reader) schema, as written after the magic bytes.</summary>
    long Fingerprint { get; }

    byte[] Encode(T value);

    /// <summary>Decodes with schema resolution from the writer schema named by the fingerprint.</summary>
    /// <exception cref="MessageDecodeException">Bytes are not a decodable message of this type.</exception>
    T Decode(ReadOnlySpan<byte> bytes);
}
