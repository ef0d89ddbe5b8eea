using System.Buffers.Binary;
using StreamReco.Schemas;

namespace StreamReco.Features.Snapshots;

/// <summary>The pending exposures of one (user, item) pair: one store value, so each event needs one get and one put.</summary>
internal sealed class PendingList
{
    private const byte FormatVersion = 1;

    public PendingList(List<PendingExposure> items)
    {
        Items = items;
    }

    public List<PendingExposure> Items { get; }

    public byte[] ToBytes()
    {
        var encoded = Items.Select(p => p.ToBytes()).ToList();
        var bytes = new byte[1 + sizeof(int) + encoded.Sum(e => sizeof(int) + e.Length)];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), encoded.Count);
        var offset = 1 + sizeof(int);
        foreach (var entry in encoded)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(offset), entry.Length);
            entry.CopyTo(bytes, offset + sizeof(int));
            offset += sizeof(int) + entry.Length;
        }

        return bytes;
    }

    /// <summary>Decodes <see cref="ToBytes"/> output; anything else raises <see cref="MessageDecodeException"/> (CorruptBody).</summary>
    public static PendingList FromBytes(byte[] bytes)
    {
        if (bytes.Length < 1 + sizeof(int) || bytes[0] != FormatVersion)
        {
            throw new MessageDecodeException(DecodeFailure.CorruptBody, "Corrupt pending list: bad header.");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1));
        if (count < 0 || count > (bytes.Length - 5) / sizeof(int))
        {
            throw new MessageDecodeException(DecodeFailure.CorruptBody, "Corrupt pending list: count " + count + ".");
        }

        var items = new List<PendingExposure>(count);
        var offset = 1 + sizeof(int);
        for (var i = 0; i < count; i++)
        {
            var length = offset + sizeof(int) <= bytes.Length ? BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset)) : -1;
            if (length < 0 || length > bytes.Length - offset - sizeof(int))
            {
                throw new MessageDecodeException(DecodeFailure.CorruptBody, "Corrupt pending list: entry " + i + " does not fit.");
            }

            items.Add(PendingExposure.FromBytes(bytes[(offset + sizeof(int))..(offset + sizeof(int) + length)]));
            offset += sizeof(int) + length;
        }

        if (offset != bytes.Length)
        {
            throw new MessageDecodeException(DecodeFailure.CorruptBody, "Corrupt pending list: trailing bytes.");
        }

        return new PendingList(items);
    }
}
