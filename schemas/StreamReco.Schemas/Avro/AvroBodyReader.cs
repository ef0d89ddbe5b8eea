using System.Text;

namespace StreamReco.Schemas.Avro;

/// <summary>
/// Reads Avro binary primitives from a span with strict bounds: a length or count larger than the bytes left,
/// an over-long varint, or invalid UTF-8 is a <see cref="DecodeFailure.CorruptBody"/>, never an exception of another kind.
/// </summary>
internal ref struct AvroBodyReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public AvroBodyReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Remaining => _buffer.Length - _position;

    public long ReadLong()
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            if (_position >= _buffer.Length)
            {
                throw Corrupt("truncated varint");
            }

            var b = _buffer[_position++];
            if (shift == 63 && b > 1)
            {
                throw Corrupt("varint longer than 64 bits");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }

            shift += 7;
            if (shift > 63)
            {
                throw Corrupt("varint longer than 10 bytes");
            }
        }

        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    public int ReadInt()
    {
        var value = ReadLong();
        return value is < int.MinValue or > int.MaxValue ? throw Corrupt("int out of 32-bit range") : (int)value;
    }

    public bool ReadBoolean()
    {
        var b = ReadRaw(1)[0];
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw Corrupt($"boolean byte 0x{b:X2}"),
        };
    }

    public float ReadFloat() => BitConverter.Int32BitsToSingle(System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(ReadRaw(4)));

    public double ReadDouble() => BitConverter.Int64BitsToDouble(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(ReadRaw(8)));

    public ReadOnlySpan<byte> ReadBytesSpan()
    {
        var length = ReadLong();
        if (length < 0 || length > Remaining)
        {
            throw Corrupt($"length {length} with {Remaining} bytes left");
        }

        return ReadRaw((int)length);
    }

    public string ReadString()
    {
        var bytes = ReadBytesSpan();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new MessageDecodeException(DecodeFailure.CorruptBody, "Corrupt Avro body: invalid UTF-8 in string.", ex);
        }
    }

    /// <summary>Reads an array or map block count; each item takes at least <paramref name="minItemBytes"/> bytes, which bounds the count.</summary>
    public long ReadBlockCount(int minItemBytes)
    {
        var count = ReadLong();
        if (count < 0)
        {
            if (count == long.MinValue)
            {
                throw Corrupt("block count out of range");
            }

            // Negative count: the block's byte size follows; we read items one by one, so it is only checked.
            count = -count;
            var byteSize = ReadLong();
            if (byteSize < 0 || byteSize > Remaining)
            {
                throw Corrupt($"block size {byteSize} with {Remaining} bytes left");
            }
        }

        if (minItemBytes > 0 && count > Remaining / minItemBytes)
        {
            throw Corrupt($"block of {count} items with {Remaining} bytes left");
        }

        return count;
    }

    /// <summary>An Avro <c>["null", "string"]</c> union: branch 0 is null, branch 1 a string; <paramref name="field"/> names it in errors.</summary>
    public string? ReadNullableString(string field) => ReadLong() switch
    {
        0 => null,
        1 => ReadString(),
        var branch => throw Corrupt(field + " union branch " + branch),
    };

    public void Skip(int length)
    {
        _ = ReadRaw(length);
    }

    public readonly void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw Corrupt($"{Remaining} trailing bytes after the record");
        }
    }

    private ReadOnlySpan<byte> ReadRaw(int length)
    {
        if (length < 0 || length > Remaining)
        {
            throw Corrupt($"needs {length} bytes, {Remaining} left");
        }

        var span = _buffer.Slice(_position, length);
        _position += length;
        return span;
    }

    public static MessageDecodeException Corrupt(string detail) =>
        new(DecodeFailure.CorruptBody, $"Corrupt Avro body: {detail}.");
}
