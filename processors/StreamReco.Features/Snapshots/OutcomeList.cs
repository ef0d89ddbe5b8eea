using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Snapshots;

/// <summary>
/// Recent positive events of one (user, item) pair, sorted by event time, so an exposure that arrives after its outcome
/// (out of order) is still labelled. Bounded by a cap (oldest dropped first) and by expiry in stream time.
/// </summary>
internal sealed class OutcomeList
{
    private const byte FormatVersion = 1;
    private readonly List<(long Time, Behavior Behavior)> _outcomes;

    public OutcomeList()
        : this([])
    {
    }

    private OutcomeList(List<(long Time, Behavior Behavior)> outcomes)
    {
        _outcomes = outcomes;
    }

    public int Count => _outcomes.Count;

    /// <summary>Inserts in time order; returns how many of the oldest were dropped to stay within <paramref name="cap"/>.</summary>
    public int Add(long time, Behavior behavior, int cap)
    {
        var index = _outcomes.FindLastIndex(o => o.Time <= time) + 1;
        _outcomes.Insert(index, (time, behavior));
        var dropped = Math.Max(0, _outcomes.Count - cap);
        _outcomes.RemoveRange(0, dropped);
        return dropped;
    }

    /// <summary>The earliest outcome with time in (<paramref name="after"/>, <paramref name="atMost"/>] not yet expired (time &gt;= <paramref name="notBefore"/>).</summary>
    public (long Time, Behavior Behavior)? FirstWithin(long after, long atMost, long notBefore)
    {
        foreach (var outcome in _outcomes)
        {
            if (outcome.Time > after && outcome.Time <= atMost && outcome.Time >= notBefore)
            {
                return outcome;
            }
        }

        return null;
    }

    /// <summary>Drops outcomes older than <paramref name="notBefore"/>; returns how many.</summary>
    public int RemoveOlderThan(long notBefore) => _outcomes.RemoveAll(o => o.Time < notBefore);

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream(2 + (_outcomes.Count * 9));
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(FormatVersion);
            writer.Write7BitEncodedInt(_outcomes.Count);
            foreach (var (time, behavior) in _outcomes)
            {
                writer.Write(time);
                writer.Write((byte)behavior);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Decodes <see cref="ToBytes"/> output; anything else raises <see cref="MessageDecodeException"/> (CorruptBody).</summary>
    public static OutcomeList FromBytes(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
            var version = reader.ReadByte();
            var count = reader.Read7BitEncodedInt();
            if (version != FormatVersion || count < 0 || count > bytes.Length / 9)
            {
                throw new InvalidDataException("Outcome list has version " + version + " and count " + count + ".");
            }

            var outcomes = new List<(long Time, Behavior Behavior)>(count);
            for (var i = 0; i < count; i++)
            {
                var time = reader.ReadInt64();
                var behavior = (Behavior)reader.ReadByte();
                if (!Enum.IsDefined(behavior))
                {
                    throw new InvalidDataException("Outcome list has unknown behaviour " + (int)behavior + ".");
                }

                outcomes.Add((time, behavior));
            }

            if (reader.BaseStream.Position != bytes.Length)
            {
                throw new InvalidDataException("Outcome list has trailing bytes.");
            }

            return new OutcomeList(outcomes);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new MessageDecodeException(DecodeFailure.CorruptBody, "Corrupt outcome list: " + ex.Message, ex);
        }
    }
}
