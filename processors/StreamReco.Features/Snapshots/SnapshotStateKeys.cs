using System.Buffers.Binary;
using System.Text;

namespace StreamReco.Features.Snapshots;

/// <summary>
/// Key layout of the snapshot state store (one change-logged byte store, four key families, distinguished by the first byte):
/// <list type="bullet">
/// <item><c>'P' pair BE64(t) exposureId</c> → pending exposure. Ordered by (item, user, t), so the exposures an outcome at time
/// o labels, t in [o - horizon, o), are one range scan.</item>
/// <item><c>'D' BE64(deadline) pendingKey</c> → deadline index (value: one marker byte): the negatives due at stream time s are
/// the range up to BE64(s).</item>
/// <item><c>'O' pair</c> → remembered positive outcomes of the pair (<see cref="OutcomeList"/>).</item>
/// <item><c>'E' BE64(expiry) pair</c> → outcome expiry index.</item>
/// </list>
/// <c>pair = varint(len item) item varint(len user) user</c> (UTF-8), so no id can be a prefix of another pair. Times are
/// non-negative epoch ms, so big-endian byte order equals time order.
/// </summary>
internal static class SnapshotStateKeys
{
    public const byte Pending = (byte)'P';
    public const byte Deadline = (byte)'D';
    public const byte Outcomes = (byte)'O';
    public const byte Expiry = (byte)'E';

    /// <summary>Length of the tag plus a big-endian time: the prefix of index keys.</summary>
    public const int IndexPrefixLength = 1 + sizeof(long);

    // 0xFF never occurs in UTF-8, so it sorts after every exposure id that follows the same prefix.
    private const byte AfterUtf8 = 0xFF;

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

    public static byte[] PendingKey(byte[] pair, long eventTime, string exposureId) =>
        [Pending, .. pair, .. BigEndian(eventTime), .. Encoding.UTF8.GetBytes(exposureId)];

    /// <summary>Inclusive bounds of the pending exposures of <paramref name="pair"/> with event time in [from, to].</summary>
    public static (byte[] From, byte[] To) PendingRange(byte[] pair, long fromTime, long toTime) =>
        ([Pending, .. pair, .. BigEndian(Math.Max(0, fromTime))], [Pending, .. pair, .. BigEndian(toTime), AfterUtf8]);

    /// <summary>Inclusive bounds of every key of a family.</summary>
    public static (byte[] From, byte[] To) Family(byte tag) => ([tag], [(byte)(tag + 1)]);

    public static byte[] DeadlineKey(long deadline, byte[] pendingKey) => [Deadline, .. BigEndian(deadline), .. pendingKey];

    public static byte[] OutcomesKey(byte[] pair) => [Outcomes, .. pair];

    public static byte[] ExpiryKey(long expiry, byte[] pair) => [Expiry, .. BigEndian(expiry), .. pair];

    /// <summary>Inclusive bounds of the index entries of <paramref name="tag"/> due at or before <paramref name="time"/>.</summary>
    public static (byte[] From, byte[] To) DueRange(byte tag, long time) => ([tag], [tag, .. BigEndian(time), AfterUtf8]);

    /// <summary>The key an index entry points to (pending key for deadlines, pair for expiries).</summary>
    public static byte[] IndexTarget(byte[] indexKey) => indexKey[IndexPrefixLength..];

    private static byte[] BigEndian(long value)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Snapshot store times must be non-negative.");
        }

        var bytes = new byte[sizeof(long)];
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
}
