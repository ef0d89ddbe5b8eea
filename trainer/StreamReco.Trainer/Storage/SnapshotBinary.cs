using StreamReco.Schemas.Contracts;

namespace StreamReco.Trainer.Storage;

/// <summary>Compact binary form of a <see cref="TrainingSnapshot"/> for the training-set segments (format version 1).</summary>
public static class SnapshotBinary
{
    private const byte FormatVersion = 1;

    public static byte[] Serialize(TrainingSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        using var stream = new MemoryStream(256);
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(FormatVersion);
            w.Write(s.ExposureId);
            w.Write(s.UserId);
            w.Write(s.ItemId);
            w.Write(s.CategoryId);
            w.Write((int)s.ExposureBehavior);
            w.Write(s.EventTime);
            w.Write(s.Features.Count);
            foreach (var (name, value) in s.Features)
            {
                w.Write(name);
                w.Write(value);
            }

            w.Write(s.FeatureSchemaFingerprint);
            w.Write(s.Label);
            w.Write(s.LabelBehavior is null ? -1 : (int)s.LabelBehavior.Value);
            w.Write(s.LabelTime.HasValue);
            w.Write(s.LabelTime ?? 0);
            w.Write(s.HorizonMs);
        }

        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a complete version-1 snapshot.</exception>
    public static TrainingSnapshot Deserialize(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, writable: false));
            if (r.ReadByte() != FormatVersion)
            {
                throw new InvalidDataException("Unknown snapshot record format version.");
            }

            var exposureId = r.ReadString();
            var userId = r.ReadString();
            var itemId = r.ReadString();
            var categoryId = r.ReadString();
            var exposureBehavior = (Behavior)r.ReadInt32();
            var eventTime = r.ReadInt64();
            var count = r.ReadInt32();
            if (count < 0 || count > 10_000)
            {
                throw new InvalidDataException("Implausible feature count " + count + ".");
            }

            var features = new Dictionary<string, double>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                features[r.ReadString()] = r.ReadDouble();
            }

            var fingerprint = r.ReadInt64();
            var label = r.ReadInt32();
            var labelBehavior = r.ReadInt32();
            var hasLabelTime = r.ReadBoolean();
            var labelTime = r.ReadInt64();
            var horizon = r.ReadInt64();
            if (r.BaseStream.Position != bytes.Length)
            {
                throw new InvalidDataException("Trailing bytes after a snapshot record.");
            }

            return new TrainingSnapshot(
                exposureId, userId, itemId, categoryId, exposureBehavior, eventTime, features, fingerprint, label,
                labelBehavior < 0 ? null : (Behavior)labelBehavior, hasLabelTime ? labelTime : null, horizon);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("Truncated snapshot record.", e);
        }
    }
}
