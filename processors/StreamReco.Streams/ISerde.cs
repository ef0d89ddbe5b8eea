namespace StreamReco.Streams;

/// <summary>Turns values into bytes and back. Deserialize throws (ideally <c>MessageDecodeException</c>) on bad bytes.</summary>
public interface ISerde<T>
{
    /// <summary>Bytes for <paramref name="value"/>; null values become null payloads (tombstones) before this is called.</summary>
    byte[] Serialize(T value);

    /// <summary>The value encoded in <paramref name="data"/>; null payloads arrive as an empty span.</summary>
    T Deserialize(ReadOnlySpan<byte> data);
}
