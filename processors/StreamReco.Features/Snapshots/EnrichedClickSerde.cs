using System.Buffers.Binary;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;

namespace StreamReco.Features.Snapshots;

/// <summary>
/// Repartition format of <see cref="EnrichedClick"/> (version 1):
/// <c>[0x45 'E'][version 1][int32 BE click length][click: Avro single-object ClickEvent][0|1][if 1: Avro single-object UserFeatures to the end]</c>.
/// Both parts use the registered codecs, so schema evolution follows theirs. Any malformed input raises
/// <see cref="MessageDecodeException"/>, which the repartition source dead-letters (never dropped silently).
/// </summary>
public sealed class EnrichedClickSerde(IMessageCodec<ClickEvent> clickCodec, IMessageCodec<UserFeatures> userFeaturesCodec) : ISerde<EnrichedClick>
{
    private const byte Marker = (byte)'E';
    private const byte Version = 1;
    private const int HeaderLength = 2 + sizeof(int);

    /// <summary>The serde with the pipeline's default codecs.</summary>
    public static EnrichedClickSerde Default { get; } = new(Codecs.ClickEvent, Codecs.UserFeatures);

    public byte[] Serialize(EnrichedClick value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var click = clickCodec.Encode(value.Click);
        var user = value.UserFeatures is null ? [] : userFeaturesCodec.Encode(value.UserFeatures);
        var bytes = new byte[HeaderLength + click.Length + 1 + user.Length];
        bytes[0] = Marker;
        bytes[1] = Version;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(2), click.Length);
        click.CopyTo(bytes.AsSpan(HeaderLength));
        var flag = HeaderLength + click.Length;
        bytes[flag] = value.UserFeatures is null ? (byte)0 : (byte)1;
        user.CopyTo(bytes.AsSpan(flag + 1));
        return bytes;
    }

    public EnrichedClick Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new MessageDecodeException(DecodeFailure.Empty, "Enriched click payload is empty.");
        }

        if (data.Length < HeaderLength + 1 || data[0] != Marker)
        {
            throw new MessageDecodeException(DecodeFailure.BadHeader, "Not an enriched click (missing 'E' marker or too short).");
        }

        if (data[1] != Version)
        {
            throw new MessageDecodeException(DecodeFailure.UnknownFingerprint, $"Unknown enriched click format version {data[1]}.");
        }

        var clickLength = BinaryPrimitives.ReadInt32BigEndian(data[2..]);
        if (clickLength <= 0 || clickLength > data.Length - HeaderLength - 1)
        {
            throw new MessageDecodeException(DecodeFailure.CorruptBody, $"Enriched click length {clickLength} does not fit {data.Length} bytes.");
        }

        var click = clickCodec.Decode(data.Slice(HeaderLength, clickLength));
        var flagIndex = HeaderLength + clickLength;
        var rest = data[(flagIndex + 1)..];
        return data[flagIndex] switch
        {
            0 when rest.IsEmpty => new EnrichedClick(click),
            1 when !rest.IsEmpty => new EnrichedClick(click, userFeaturesCodec.Decode(rest)),
            _ => throw new MessageDecodeException(
                DecodeFailure.CorruptBody, $"Enriched click has user-features flag {data[flagIndex]} with {rest.Length} trailing bytes."),
        };
    }
}
