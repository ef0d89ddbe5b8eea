using System.Buffers.Binary;
using StreamReco.Schemas;
using StreamReco.Streams;

namespace StreamReco.Drift.Processing;

/// <summary>Binary serde for <see cref="DriftState"/>: tag 1 + Avro ModelVersion, or tag 2 + int64 request time.</summary>
public static class DriftStateSerde
{
    private const byte ModelTag = 1;
    private const byte RequestTag = 2;

    public static ISerde<DriftState> Instance { get; } = Serdes.Create<DriftState>(Serialize, Deserialize);

    private static byte[] Serialize(DriftState state)
    {
        if (state.Model is not null)
        {
            var body = Codecs.ModelVersion.Encode(state.Model);
            var bytes = new byte[body.Length + 1];
            bytes[0] = ModelTag;
            body.CopyTo(bytes, 1);
            return bytes;
        }

        var request = new byte[9];
        request[0] = RequestTag;
        BinaryPrimitives.WriteInt64BigEndian(request.AsSpan(1), state.LastRequestAt ?? throw new ArgumentException("Empty drift state."));
        return request;
    }

    private static DriftState Deserialize(byte[] bytes) => bytes.Length > 0 && bytes[0] == ModelTag
        ? new DriftState(Codecs.ModelVersion.Decode(bytes.AsSpan(1)), null)
        : bytes.Length == 9 && bytes[0] == RequestTag
            ? new DriftState(null, BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1)))
            : throw new FormatException("Unrecognised drift state bytes.");
}
