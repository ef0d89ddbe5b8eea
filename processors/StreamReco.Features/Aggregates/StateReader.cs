using System.Text;

namespace StreamReco.Features.Aggregates;

/// <summary>Reads what <see cref="StateWriter"/> wrote; any truncation or inconsistency is an <see cref="InvalidDataException"/>.</summary>
internal ref struct StateReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private int _position;

    public StateReader(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
        _position = 0;
    }

    public readonly bool AtEnd => _position == _bytes.Length;

    public byte ReadByte()
    {
        if (_position >= _bytes.Length)
        {
            throw Truncated();
        }

        return _bytes[_position++];
    }

    public ulong ReadUnsigned()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException("Aggregate state has a varint longer than 10 bytes.");
    }

    public long ReadSigned()
    {
        var raw = ReadUnsigned();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public long ReadTime()
    {
        var raw = ReadUnsigned();
        if (raw == 0)
        {
            return long.MinValue;
        }

        raw--;
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>A non-negative count, bounded so corrupt input cannot make callers allocate huge collections.</summary>
    public int ReadCount(int max)
    {
        var value = ReadUnsigned();
        if (value > (ulong)max)
        {
            throw new InvalidDataException("Aggregate state has a count of " + value + ", more than the allowed " + max + ".");
        }

        return (int)value;
    }

    public string ReadString()
    {
        var length = ReadCount(_bytes.Length - _position);
        var value = Encoding.UTF8.GetString(_bytes.Slice(_position, length));
        _position += length;
        return value;
    }

    public readonly void EnsureEnd()
    {
        if (!AtEnd)
        {
            throw new InvalidDataException("Aggregate state has " + (_bytes.Length - _position) + " trailing bytes.");
        }
    }

    private static InvalidDataException Truncated() => new("Aggregate state is truncated.");
}
