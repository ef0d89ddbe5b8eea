using System.Buffers.Binary;

namespace StreamReco.Schemas.Avro;

/// <summary>The 10-byte single-object encoding header: marker 0xC3 0x01 and the little-endian writer-schema fingerprint.</summary>
internal static class SingleObjectHeader
{
    public const int Length = 10;
    public const byte Marker0 = 0xC3;
    public const byte Marker1 = 0x01;

    public static void Write(Span<byte> destination, long fingerprint)
    {
        destination[0] = Marker0;
        destination[1] = Marker1;
        BinaryPrimitives.WriteInt64LittleEndian(destination[2..], fingerprint);
    }

    /// <summary>Validates the header and returns the writer fingerprint; throws Empty or BadHeader failures.</summary>
    public static long Read(ReadOnlySpan<byte> message, string typeName)
    {
        if (message.IsEmpty)
        {
            throw new MessageDecodeException(DecodeFailure.Empty, $"Empty {typeName} payload.");
        }

        if (message.Length < Length)
        {
            throw new MessageDecodeException(
                DecodeFailure.BadHeader, $"{typeName} payload of {message.Length} bytes is shorter than the single-object header.");
        }

        if (message[0] != Marker0 || message[1] != Marker1)
        {
            throw new MessageDecodeException(
                DecodeFailure.BadHeader, $"{typeName} payload starts with 0x{message[0]:X2} 0x{message[1]:X2}, not the marker 0xC3 0x01.");
        }

        return BinaryPrimitives.ReadInt64LittleEndian(message[2..]);
    }
}
