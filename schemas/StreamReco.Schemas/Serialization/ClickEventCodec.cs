using System.Text;
using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Serialization;

/// <summary>
/// ClickEvent codec for the hot path: hand-written Avro binary for the current schema (one exact-size allocation per
/// encode, span reads on decode), byte-for-byte equal to Apache.Avro's generic writer. Messages from any other known
/// writer schema (schemas/history) go through Apache.Avro's resolving reader. Stateless, so thread-safe.
/// </summary>
public sealed class ClickEventCodec : IMessageCodec<ClickEvent>
{
    private const string TypeName = "streamreco.ClickEvent";

    private readonly ClickEventGenericCodec _generic;

    internal ClickEventCodec(SchemaCatalog catalog)
    {
        _generic = new ClickEventGenericCodec(catalog);
        Fingerprint = _generic.Fingerprint;
    }

    public long Fingerprint { get; }

    /// <summary>The generic (Apache.Avro) path, used for other writer schemas and as the reference in tests.</summary>
    internal IMessageCodec<ClickEvent> Generic => _generic;

    public byte[] Encode(ClickEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(value.EventId, nameof(value.EventId));
        ArgumentNullException.ThrowIfNull(value.UserId, nameof(value.UserId));
        ArgumentNullException.ThrowIfNull(value.ItemId, nameof(value.ItemId));
        ArgumentNullException.ThrowIfNull(value.CategoryId, nameof(value.CategoryId));
        var behavior = BehaviorSymbols.Ordinal(value.Behavior);

        var eventIdBytes = Encoding.UTF8.GetByteCount(value.EventId);
        var userIdBytes = Encoding.UTF8.GetByteCount(value.UserId);
        var itemIdBytes = Encoding.UTF8.GetByteCount(value.ItemId);
        var categoryIdBytes = Encoding.UTF8.GetByteCount(value.CategoryId);
        var sessionIdBytes = value.SessionId is null ? 0 : Encoding.UTF8.GetByteCount(value.SessionId);
        var size = SingleObjectHeader.Length
            + StringSize(eventIdBytes) + StringSize(userIdBytes) + StringSize(itemIdBytes) + StringSize(categoryIdBytes)
            + 1 // enum ordinal 0..5 zig-zags to a single byte
            + VarLongSize(value.EventTime)
            + 1 // union branch
            + (value.SessionId is null ? 0 : StringSize(sessionIdBytes));

        var buffer = new byte[size];
        SingleObjectHeader.Write(buffer, Fingerprint);
        var writer = new AvroBodyWriter(buffer.AsSpan(SingleObjectHeader.Length));
        writer.WriteString(value.EventId, eventIdBytes);
        writer.WriteString(value.UserId, userIdBytes);
        writer.WriteString(value.ItemId, itemIdBytes);
        writer.WriteString(value.CategoryId, categoryIdBytes);
        writer.WriteInt(behavior);
        writer.WriteLong(value.EventTime);
        if (value.SessionId is null)
        {
            writer.WriteUnionIndex(0);
        }
        else
        {
            writer.WriteUnionIndex(1);
            writer.WriteString(value.SessionId, sessionIdBytes);
        }

        var position = SingleObjectHeader.Length + writer.Position;
        return position == size ? buffer : throw new InvalidOperationException("ClickEvent size computation is wrong.");
    }

    public ClickEvent Decode(ReadOnlySpan<byte> bytes)
    {
        var fingerprint = SingleObjectHeader.Read(bytes, TypeName);
        var body = bytes[SingleObjectHeader.Length..];
        return fingerprint == Fingerprint ? DecodeCurrent(body) : _generic.DecodeBody(fingerprint, body);
    }

    private static ClickEvent DecodeCurrent(ReadOnlySpan<byte> body)
    {
        var reader = new AvroBodyReader(body);
        var eventId = reader.ReadString();
        var userId = reader.ReadString();
        var itemId = reader.ReadString();
        var categoryId = reader.ReadString();
        var behavior = reader.ReadInt();
        if ((uint)behavior >= BehaviorSymbols.Count)
        {
            throw AvroBodyReader.Corrupt($"behavior ordinal {behavior} out of range");
        }

        var eventTime = reader.ReadLong();
        var sessionId = reader.ReadNullableString("session_id");
        reader.EnsureEnd();
        return new ClickEvent(eventId, userId, itemId, categoryId, (Behavior)behavior, eventTime, sessionId);
    }

    private static int StringSize(int byteCount) => VarLongSize(byteCount) + byteCount;

    private static int VarLongSize(long value)
    {
        var zigZag = (ulong)((value << 1) ^ (value >> 63));
        var size = 1;
        while (zigZag >= 0x80)
        {
            zigZag >>= 7;
            size++;
        }

        return size;
    }
}
