using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;

namespace StreamReco.Features.Processing;

/// <summary>
/// Decodes clicks and applies <see cref="ClickEventValidator"/>, so undecodable and invalid events both fail in the source
/// and are dead-lettered there (reason InvalidValue for domain errors) instead of reaching the aggregates.
/// </summary>
public sealed class ValidatingClickEventSerde(IMessageCodec<ClickEvent> codec, ClickEventValidator validator) : ISerde<ClickEvent>
{
    public byte[] Serialize(ClickEvent value) => codec.Encode(value);

    public ClickEvent Deserialize(ReadOnlySpan<byte> data)
    {
        var click = codec.Decode(data);
        validator.Validate(click);
        return click;
    }
}
