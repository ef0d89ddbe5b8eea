using System.Buffers.Binary;
using System.Text;

namespace StreamReco.Features.Snapshots;

/// <summary>
/// Keys of the change-logged stores of the snapshots.
/// <para>Pending store (point lookups only): <c>'P' pair</c> → the pair's pending exposures (<see cref="PendingList"/>; kept in
/// the state store by earlier versions, moved on first use). State store: <c>'O' pair</c> → its remembered positive outcomes
/// (<see cref="OutcomeList"/>).</para>
/// <para>Index store, ordered by time: <c>BE64(deadline) 'D' pair exposureId</c> (a negative becomes due) and
/// <c>BE64(expiry) 'E' pair</c> (outcomes to forget). Everything due at stream time s is the range from the first key up
/// to <c>BE64(s)</c>, so a punctuation reads only due entries.</para>
/// <c>pair = varint(len item) item varint(len user) user</c> (UTF-8), so no pair is a prefix of another. Times are
/// non-negative epoch ms, so big-endian byte order is time order.
/// </summary>
internal static class SnapshotStateKeys
{
    public const byte Pending = (byte)'P';
    public const byte Outcomes = (byte)'O';
    public const byte Deadline = (byte)'D';
    public const byte Expiry = (byte)'E';

    private const int TimeLength = sizeof(long);

    // 0xFF never occurs in UTF-8 nor as a tag, so it sorts after every key with the same time prefix.
    private const byte AfterAll = 0xFF;

    /// <summary>Unique encoding of an (item, user) pair.</summary>
    public static byte[] Pair(string itemId, string userId)
    {
        var item = Encoding.UTF8.GetBytes(itemId);
        var user = Encoding.UTF8.GetBytes(userId);
        var buffer = new byte[10 + item.Length + 10 + user.Length];
        var n = WriteVarint(buffer, 0, (uint)item.Length);
        item.CopyTo(buffer, n);
        n += item.Length;
        n = WriteVarint(buffer, n, (uint)user.Length);
        user.CopyTo(buffer, n);
        n += user.Length;
        return buffer[..n];
    }

    public static byte[] PendingKey(byte[] pair) => [Pending, .. pair];

    public static byte[] OutcomesKey(byte[] pair) => [Outcomes, .. pair];

    /// <summary>Inclusive bounds of every key of a state-store family.</summary>
    public static (byte[] From, byte[] To) Family(byte tag) => ([tag], [(byte)(tag + 1)]);

    public static byte[] DeadlineKey(long deadline, byte[] pair, string exposureId) =>
        [.. BigEndian(deadline), Deadline, .. pair, .. Encoding.UTF8.GetBytes(exposureId)];

    public static byte[] ExpiryKey(long expiry, byte[] pair) => [.. BigEndian(expiry), Expiry, .. pair];

    /// <summary>Inclusive upper bound of the index entries due at or before <paramref name="time"/> (lower bound: none).</summary>
    public static byte[] DueUpTo(long time) => [.. BigEndian(Math.Max(0, time)), AfterAll];

    /// <summary>Splits an index key into its tag, pair and (for deadlines) exposure id.</summary>
    public static (byte Tag, byte[] Pair, string ExposureId) ParseIndexKey(byte[] key)
    {
        if (key.Length < TimeLength + 1)
        {
            throw new InvalidDataException("Snapshot index key is too short.");
        }

        var tag = key[TimeLength];
        var start = TimeLength + 1;
        var offset = start;
        for (var part = 0; part < 2; part++)
        {
            var length = ReadVarint(key, ref offset);
            if (length > key.Length - offset)
            {
                throw new InvalidDataException("Snapshot index key has a pair that does not fit.");
            }

            offset += (int)length;
        }

        return (tag, key[start..offset], Encoding.UTF8.GetString(key, offset, key.Length - offset));
    }

    private static byte[] BigEndian(long value)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Snapshot store times must be non-negative.");
        }

        var bytes = new byte[TimeLength];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    private static int WriteVarint(byte[] buffer, int offset, uint value)
    {
        while (value >= 0x80)
        {
            buffer[offset++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[offset++] = (byte)value;
        return offset;
    }

    private static uint ReadVarint(byte[] buffer, ref int offset)
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (offset >= buffer.Length)
            {
                throw new InvalidDataException("Snapshot index key ends inside a length.");
            }

            var b = buffer[offset++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Snapshot index key has an overlong length.");
    }
}
