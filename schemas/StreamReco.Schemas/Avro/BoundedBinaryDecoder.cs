using Avro;
using Avro.IO;

namespace StreamReco.Schemas.Avro;

/// <summary>
/// Apache.Avro <see cref="Decoder"/> over an in-memory body. Unlike <see cref="BinaryDecoder"/> it never allocates
/// more than the input can hold (lengths and block counts are checked against the bytes left), rejects invalid UTF-8,
/// and reports every malformation as <see cref="DecodeFailure.CorruptBody"/>.
/// </summary>
internal sealed class BoundedBinaryDecoder : Decoder
{
    // Every array item and map entry of our schemas takes at least one byte, which bounds block counts.
    private const int MinItemBytes = 1;

    private readonly ReadOnlyMemory<byte> _body;
    private int _position;

    public BoundedBinaryDecoder(ReadOnlyMemory<byte> body)
    {
        _body = body;
    }

    public int Remaining => _body.Length - _position;

    public void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw AvroBodyReader.Corrupt($"{Remaining} trailing bytes after the record");
        }
    }

    public void ReadNull()
    {
    }

    public bool ReadBoolean()
    {
        var reader = Reader();
        var value = reader.ReadBoolean();
        Advance(reader);
        return value;
    }

    public int ReadInt()
    {
        var reader = Reader();
        var value = reader.ReadInt();
        Advance(reader);
        return value;
    }

    public long ReadLong()
    {
        var reader = Reader();
        var value = reader.ReadLong();
        Advance(reader);
        return value;
    }

    public float ReadFloat()
    {
        var reader = Reader();
        var value = reader.ReadFloat();
        Advance(reader);
        return value;
    }

    public double ReadDouble()
    {
        var reader = Reader();
        var value = reader.ReadDouble();
        Advance(reader);
        return value;
    }

    public byte[] ReadBytes()
    {
        var reader = Reader();
        var value = reader.ReadBytesSpan().ToArray();
        Advance(reader);
        return value;
    }

    public string ReadString()
    {
        var reader = Reader();
        var value = reader.ReadString();
        Advance(reader);
        return value;
    }

    public int ReadEnum() => ReadInt();

    public long ReadArrayStart() => ReadBlockCount();

    public long ReadArrayNext() => ReadBlockCount();

    public long ReadMapStart() => ReadBlockCount();

    public long ReadMapNext() => ReadBlockCount();

    public int ReadUnionIndex() => ReadInt();

    public void ReadFixed(byte[] buffer) => ReadFixed(buffer, 0, buffer.Length);

    public void ReadFixed(byte[] buffer, int start, int length)
    {
        if (length < 0 || length > Remaining)
        {
            throw AvroBodyReader.Corrupt($"fixed of {length} bytes with {Remaining} left");
        }

        _body.Span.Slice(_position, length).CopyTo(buffer.AsSpan(start, length));
        _position += length;
    }

    public object ReadLogicalTypeValue(LogicalSchema schema)
    {
        object baseValue = schema.BaseSchema.Tag switch
        {
            Schema.Type.Int => ReadInt(),
            Schema.Type.Long => ReadLong(),
            Schema.Type.Bytes => ReadBytes(),
            Schema.Type.String => ReadString(),
            Schema.Type.Fixed => ReadFixedValue(((FixedSchema)schema.BaseSchema).Size),
            _ => throw new AvroException($"Unsupported logical base type {schema.BaseSchema.Tag}."),
        };
        return schema.LogicalType.ConvertToLogicalValue(baseValue, schema);
    }

    public void SkipNull()
    {
    }

    public void SkipBoolean() => ReadBoolean();

    public void SkipInt() => ReadInt();

    public void SkipLong() => ReadLong();

    public void SkipFloat() => SkipFixed(4);

    public void SkipDouble() => SkipFixed(8);

    public void SkipBytes()
    {
        var reader = Reader();
        _ = reader.ReadBytesSpan();
        Advance(reader);
    }

    public void SkipString() => SkipBytes();

    public void SkipEnum() => ReadInt();

    public void SkipUnionIndex() => ReadInt();

    public void SkipFixed(int len)
    {
        var reader = Reader();
        reader.Skip(len);
        Advance(reader);
    }

    private byte[] ReadFixedValue(int size)
    {
        var buffer = new byte[size];
        ReadFixed(buffer);
        return buffer;
    }

    private long ReadBlockCount()
    {
        var reader = Reader();
        var value = reader.ReadBlockCount(MinItemBytes);
        Advance(reader);
        return value;
    }

    private AvroBodyReader Reader() => new(_body.Span[_position..]);

    private void Advance(in AvroBodyReader reader) => _position = _body.Length - reader.Remaining;
}
