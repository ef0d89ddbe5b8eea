using System.Text;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Snapshots;

/// <summary>
/// An exposure waiting for its label, with its point-in-time feature vector (values in <see cref="FeatureVector.Names"/> order of
/// the schema identified by <see cref="FeatureSchemaFingerprint"/>) and the stream time at which it becomes a negative.
/// </summary>
internal sealed record PendingExposure(
    string ExposureId,
    string UserId,
    string ItemId,
    string CategoryId,
    Behavior Behavior,
    long EventTime,
    long Deadline,
    long FeatureSchemaFingerprint,
    double[] Features)
{
    private const byte FormatVersion = 1;

    /// <summary>The snapshot with the given label; the feature map is rebuilt from <see cref="FeatureVector.Names"/>.</summary>
    public TrainingSnapshot ToSnapshot(Behavior? labelBehavior, long? labelTime, long horizonMs)
    {
        var map = new Dictionary<string, double>(Features.Length, StringComparer.Ordinal);
        for (var i = 0; i < Features.Length; i++)
        {
            map[FeatureVector.Names[i]] = Features[i];
        }

        return new TrainingSnapshot(
            ExposureId, UserId, ItemId, CategoryId, Behavior, EventTime, map, FeatureSchemaFingerprint,
            labelBehavior is null ? 0 : 1, labelBehavior, labelTime, horizonMs);
    }

    /// <summary>Whether the stored vector was built with the current <see cref="FeatureVector"/> definition.</summary>
    public bool HasCurrentSchema => FeatureSchemaFingerprint == FeatureVector.SchemaFingerprint && Features.Length == FeatureVector.Length;

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream(64 + (Features.Length * sizeof(double)));
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(ExposureId);
            writer.Write(UserId);
            writer.Write(ItemId);
            writer.Write(CategoryId);
            writer.Write((byte)Behavior);
            writer.Write(EventTime);
            writer.Write(Deadline);
            writer.Write(FeatureSchemaFingerprint);
            writer.Write7BitEncodedInt(Features.Length);
            foreach (var value in Features)
            {
                writer.Write(value);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Decodes <see cref="ToBytes"/> output; anything else raises <see cref="MessageDecodeException"/> (CorruptBody).</summary>
    public static PendingExposure FromBytes(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            var version = reader.ReadByte();
            if (version != FormatVersion)
            {
                throw new InvalidDataException("Unknown pending exposure format version " + version + ".");
            }

            var exposureId = reader.ReadString();
            var userId = reader.ReadString();
            var itemId = reader.ReadString();
            var categoryId = reader.ReadString();
            var behavior = (Behavior)reader.ReadByte();
            var eventTime = reader.ReadInt64();
            var deadline = reader.ReadInt64();
            var fingerprint = reader.ReadInt64();
            var count = reader.Read7BitEncodedInt();
            if (count < 0 || count > (bytes.Length - reader.BaseStream.Position) / sizeof(double))
            {
                throw new InvalidDataException("Pending exposure feature count " + count + " does not fit the payload.");
            }

            var features = new double[count];
            for (var i = 0; i < count; i++)
            {
                features[i] = reader.ReadDouble();
            }

            if (reader.BaseStream.Position != bytes.Length || !Enum.IsDefined(behavior))
            {
                throw new InvalidDataException("Pending exposure has trailing bytes or an unknown behaviour.");
            }

            return new PendingExposure(exposureId, userId, itemId, categoryId, behavior, eventTime, deadline, fingerprint, features);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or DecoderFallbackException)
        {
            throw new MessageDecodeException(DecodeFailure.CorruptBody, "Corrupt pending exposure: " + ex.Message, ex);
        }
    }
}
