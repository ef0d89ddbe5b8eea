using System.Text;
using Confluent.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Reliability.Tests;

/// <summary>Builds one malformed record of a kind, tagged with a header naming the kind (dead-lettering keeps headers).</summary>
public sealed class BadInputFactory(int seed)
{
    public const string KindHeader = "fuzz.kind";
    public const int HugeSize = 900_000;

    /// <summary>Avro single-object header: marker 0xC3 0x01 plus the 8-byte schema fingerprint.</summary>
    private const int SingleObjectHeaderLength = 10;

    private readonly Random _random = new(seed);

    /// <summary>The dead-letter reason each kind must produce (a <see cref="DecodeFailure"/> name).</summary>
    public static string ExpectedReason(BadInputKind kind) => kind switch
    {
        BadInputKind.RandomBytes or BadInputKind.Huge => nameof(DecodeFailure.BadHeader),
        BadInputKind.TruncatedAvro or BadInputKind.WrongFieldTypes => nameof(DecodeFailure.CorruptBody),
        BadInputKind.UnknownFingerprint => nameof(DecodeFailure.UnknownFingerprint),
        BadInputKind.EmptyValue => nameof(DecodeFailure.Empty),
        BadInputKind.FarFutureTimestamp or BadInputKind.FarPastTimestamp or BadInputKind.EmptyIds => nameof(DecodeFailure.InvalidValue),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public Message<byte[], byte[]> Create(BadInputKind kind, int index, long now)
    {
        var valid = new ClickEvent("bad" + index, "badu" + index, "i1", "c1", Behavior.Click, now - 60_000);
        var key = "badu" + index;
        byte[] value;
        switch (kind)
        {
            case BadInputKind.RandomBytes:
                value = RandomBytes(1 + _random.Next(200));
                break;
            case BadInputKind.Huge:
                value = RandomBytes(HugeSize);
                break;
            case BadInputKind.TruncatedAvro:
                var encoded = Codecs.ClickEvent.Encode(valid);
                value = encoded[..(SingleObjectHeaderLength + ((encoded.Length - SingleObjectHeaderLength) / 2))];
                break;
            case BadInputKind.UnknownFingerprint:
                value = Codecs.ClickEvent.Encode(valid);
                for (var i = 2; i < SingleObjectHeaderLength; i++)
                {
                    value[i] ^= 0x5A;
                }

                break;
            case BadInputKind.WrongFieldTypes:
                // A UserFeatures body (doubles, nested records) behind the ClickEvent header: the field types do not line up.
                var header = Codecs.ClickEvent.Encode(valid)[..SingleObjectHeaderLength];
                var other = Codecs.UserFeatures.Encode(FeaturesBody(index))[SingleObjectHeaderLength..];
                value = [.. header, .. other];
                break;
            case BadInputKind.FarFutureTimestamp:
                value = Codecs.ClickEvent.Encode(valid with { EventTime = new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() });
                break;
            case BadInputKind.FarPastTimestamp:
                value = Codecs.ClickEvent.Encode(valid with { EventTime = new DateTimeOffset(1971, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() });
                break;
            case BadInputKind.EmptyIds:
                key = string.Empty;
                value = Codecs.ClickEvent.Encode(valid with { EventId = string.Empty, UserId = string.Empty });
                break;
            case BadInputKind.EmptyValue:
                value = [];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        var headers = new Headers { { KindHeader, Encoding.UTF8.GetBytes(kind.ToString()) } };
        return new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(key),
            Value = value,
            Headers = headers,
            Timestamp = new Timestamp(now - 60_000, TimestampType.CreateTime),
        };
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        // Never the single-object marker by chance: random bytes must be rejected for their header.
        bytes[0] = 0x00;
        return bytes;
    }

    private static UserFeatures FeaturesBody(int index)
    {
        var counts = new BehaviorCounts(1, 2, 3, 4, 5, 6);
        return new UserFeatures(
            "x" + index, 1_700_000_000_000, counts, counts, counts, [new CategoryShare("c1", 0.5)], 1_700_000_000_000, 3.5, 2, 3, 4, 5, UserSegment.Active);
    }
}
