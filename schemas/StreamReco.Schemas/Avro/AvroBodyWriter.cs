using System.Buffers.Binary;
using System.Text;

namespace StreamReco.Schemas.Avro;

/// <summary>
/// Writes Avro binary primitives into a span the caller sized with <see cref="MaxStringSize"/> and <see cref="MaxLongSize"/>
/// upper bounds. Byte-for-byte what Apache.Avro's BinaryEncoder writes for the same values.
/// </summary>
internal ref struct AvroBodyWriter
{
    /// <summary>A zig-zag varint of a 64-bit value takes at most 10 bytes.</summary>
    public const int MaxLongSize = 10;

    public const int DoubleSize = 8;

    private readonly Span<byte> _buffer;
    private int _position;

    public AvroBodyWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    /// <summary>Upper bound of <see cref="WriteString"/>'s output for <paramref name="value"/>.</summary>
    public static int MaxStringSize(string value) => MaxLongSize + Encoding.UTF8.GetMaxByteCount(value.Length);

    public void WriteLong(long value)
    {
        var zigZag = (ulong)((value << 1) ^ (value >> 63));
        while (zigZag >= 0x80)
        {
            _buffer[_position++] = (byte)(zigZag | 0x80);
            zigZag >>= 7;
        }

        _buffer[_position++] = (byte)zigZag;
    }

    public void WriteInt(int value) => WriteLong(value);

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[_position..], BitConverter.DoubleToInt64Bits(value));
        _position += DoubleSize;
    }

    public void WriteString(string value) => WriteString(value, Encoding.UTF8.GetByteCount(value));

    /// <summary>For callers that already counted the UTF-8 bytes (to size the buffer exactly).</summary>
    public void WriteString(string value, int utf8ByteCount)
    {
        WriteLong(utf8ByteCount);
        _position += Encoding.UTF8.GetBytes(value, _buffer[_position..]);
    }

    /// <summary>Union branch index, written like a long.</summary>
    public void WriteUnionIndex(int branch) => WriteLong(branch);

    /// <summary>
    /// Array header as Apache.Avro writes it: one block of <paramref name="count"/> items; <see cref="WriteArrayEnd"/> closes
    /// it. An empty array is only the closing zero.
    /// </summary>
    public void WriteArrayStart(int count)
    {
        if (count > 0)
        {
            WriteLong(count);
        }
    }

    public void WriteArrayEnd() => WriteLong(0);
}
