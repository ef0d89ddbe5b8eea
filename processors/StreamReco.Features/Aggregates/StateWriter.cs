using System.Buffers;
using System.Text;

namespace StreamReco.Features.Aggregates;

/// <summary>Compact binary writer for aggregate state: LEB128 varints, zig-zag for signed values, length-prefixed UTF-8.</summary>
internal sealed class StateWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteUnsigned(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    public void WriteSigned(long value) => WriteUnsigned((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>An event time where <see cref="long.MinValue"/> means "none" and costs one byte.</summary>
    public void WriteTime(long value) => WriteUnsigned(value == long.MinValue ? 0 : ((ulong)((value << 1) ^ (value >> 63))) + 1);

    public void WriteCount(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        WriteUnsigned((ulong)value);
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteCount(length);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
