using System.Buffers.Binary;
using System.Text;
using StreamReco.Schemas;

namespace StreamReco.Streams;

/// <summary>Stock serdes. Integer serdes are big-endian so byte order equals numeric order for non-negative values (store ranges).</summary>
public static class Serdes
{
    public static ISerde<string> String { get; } = new StringSerde();

    public static ISerde<long> Int64 { get; } = new Int64Serde();

    public static ISerde<int> Int32 { get; } = new Int32Serde();

    public static ISerde<double> Double { get; } = new DoubleSerde();

    public static ISerde<byte[]> ByteArray { get; } = new ByteArraySerde();

    /// <summary>Avro single-object codec as a serde; decode errors surface as <see cref="MessageDecodeException"/> (dead-lettered by sources).</summary>
    public static ISerde<T> FromCodec<T>(IMessageCodec<T> codec) => new CodecSerde<T>(codec);

    /// <summary>A serde from two delegates (copies the input span; for tests and cold paths).</summary>
    public static ISerde<T> Create<T>(Func<T, byte[]> serialize, Func<byte[], T> deserialize) => new DelegateSerde<T>(serialize, deserialize);

    private sealed class StringSerde : ISerde<string>
    {
        public byte[] Serialize(string value) => Encoding.UTF8.GetBytes(value);

        public string Deserialize(ReadOnlySpan<byte> data) => Encoding.UTF8.GetString(data);
    }

    private sealed class Int64Serde : ISerde<long>
    {
        public byte[] Serialize(long value)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            return bytes;
        }

        public long Deserialize(ReadOnlySpan<byte> data) => data.Length == 8
            ? BinaryPrimitives.ReadInt64BigEndian(data)
            : throw new MessageDecodeException(DecodeFailure.CorruptBody, $"Int64 needs 8 bytes, got {data.Length}.");
    }

    private sealed class Int32Serde : ISerde<int>
    {
        public byte[] Serialize(int value)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(bytes, value);
            return bytes;
        }

        public int Deserialize(ReadOnlySpan<byte> data) => data.Length == 4
            ? BinaryPrimitives.ReadInt32BigEndian(data)
            : throw new MessageDecodeException(DecodeFailure.CorruptBody, $"Int32 needs 4 bytes, got {data.Length}.");
    }

    private sealed class DoubleSerde : ISerde<double>
    {
        public byte[] Serialize(double value)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
            return bytes;
        }

        public double Deserialize(ReadOnlySpan<byte> data) => data.Length == 8
            ? BinaryPrimitives.ReadDoubleBigEndian(data)
            : throw new MessageDecodeException(DecodeFailure.CorruptBody, $"Double needs 8 bytes, got {data.Length}.");
    }

    private sealed class ByteArraySerde : ISerde<byte[]>
    {
        public byte[] Serialize(byte[] value) => value;

        public byte[] Deserialize(ReadOnlySpan<byte> data) => data.ToArray();
    }

    private sealed class CodecSerde<T>(IMessageCodec<T> codec) : ISerde<T>
    {
        public byte[] Serialize(T value) => codec.Encode(value);

        public T Deserialize(ReadOnlySpan<byte> data) => codec.Decode(data);
    }

    private sealed class DelegateSerde<T>(Func<T, byte[]> serialize, Func<byte[], T> deserialize) : ISerde<T>
    {
        public byte[] Serialize(T value) => serialize(value);

        public T Deserialize(ReadOnlySpan<byte> data) => deserialize(data.ToArray());
    }
}
