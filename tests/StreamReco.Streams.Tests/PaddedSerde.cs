using System.Buffers.Binary;

namespace StreamReco.Streams.Tests;

/// <summary>Wraps a serde and pads every value to at least <paramref name="size"/> bytes, to test byte-sized limits.</summary>
public sealed class PaddedSerde<T>(ISerde<T> inner, int size) : ISerde<T>
{
    public byte[] Serialize(T value)
    {
        var body = inner.Serialize(value);
        var bytes = new byte[Math.Max(sizeof(int) + body.Length, size)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, body.Length);
        body.CopyTo(bytes.AsSpan(sizeof(int)));
        return bytes;
    }

    public T Deserialize(ReadOnlySpan<byte> data) =>
        inner.Deserialize(data.Slice(sizeof(int), BinaryPrimitives.ReadInt32BigEndian(data)));
}
