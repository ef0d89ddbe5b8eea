using System.Text.Json;
using StreamReco.Schemas;

namespace StreamReco.Streams.Tests;

/// <summary>JSON serde that reports bad bytes the way the Avro codecs do, with <see cref="MessageDecodeException"/>.</summary>
public sealed class ClickTestEventSerde : ISerde<ClickTestEvent>
{
    public static ClickTestEventSerde Instance { get; } = new();

    public byte[] Serialize(ClickTestEvent value) => JsonSerializer.SerializeToUtf8Bytes(value);

    public ClickTestEvent Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new MessageDecodeException(DecodeFailure.Empty, "Empty payload.");
        }

        try
        {
            return JsonSerializer.Deserialize<ClickTestEvent>(data)
                ?? throw new MessageDecodeException(DecodeFailure.InvalidValue, "null event");
        }
        catch (JsonException ex)
        {
            throw new MessageDecodeException(DecodeFailure.CorruptBody, ex.Message, ex);
        }
    }
}
