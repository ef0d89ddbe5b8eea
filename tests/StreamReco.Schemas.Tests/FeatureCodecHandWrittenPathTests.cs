using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Tests;

/// <summary>
/// The hand-written UserFeatures and ItemFeatures paths must be indistinguishable from Apache.Avro's generic writer and
/// resolving reader, and reject corrupt bodies the same way.
/// </summary>
public sealed class FeatureCodecHandWrittenPathTests
{
    private static readonly AvroRecordCodec<UserFeatures> UserCodec = (AvroRecordCodec<UserFeatures>)Codecs.UserFeatures;
    private static readonly AvroRecordCodec<ItemFeatures> ItemCodec = (AvroRecordCodec<ItemFeatures>)Codecs.ItemFeatures;

    [Fact]
    public void User_features_encode_byte_for_byte_like_the_generic_writer_and_round_trip()
    {
        foreach (var features in RandomUserFeatures(seed: 3, count: 1500))
        {
            var bytes = UserCodec.Encode(features);
            Assert.Equal(UserCodec.EncodeGeneric(features), bytes);

            var decoded = UserCodec.Decode(bytes);
            var generic = UserCodec.DecodeBodyGeneric(UserCodec.Fingerprint, bytes.AsSpan(SingleObjectHeader.Length));
            AssertSame(features, decoded);
            AssertSame(features, generic);
        }
    }

    [Fact]
    public void Item_features_encode_byte_for_byte_like_the_generic_writer_and_round_trip()
    {
        foreach (var features in RandomItemFeatures(seed: 4, count: 1500))
        {
            var bytes = ItemCodec.Encode(features);
            Assert.Equal(ItemCodec.EncodeGeneric(features), bytes);
            Assert.Equal(features, ItemCodec.Decode(bytes));
            Assert.Equal(features, ItemCodec.DecodeBodyGeneric(ItemCodec.Fingerprint, bytes.AsSpan(SingleObjectHeader.Length)));
        }
    }

    [Fact]
    public void Every_truncation_of_a_user_features_message_is_a_decode_failure()
    {
        var bytes = UserCodec.Encode(RandomUserFeatures(seed: 5, count: 1).Single());
        for (var length = SingleObjectHeader.Length; length < bytes.Length; length++)
        {
            var truncated = bytes[..length];
            Assert.Throws<MessageDecodeException>(() => UserCodec.Decode(truncated));
        }

        var trailing = bytes.Append((byte)0).ToArray();
        Assert.Throws<MessageDecodeException>(() => UserCodec.Decode(trailing));
    }

    [Fact]
    public void An_out_of_range_segment_ordinal_is_a_corrupt_body()
    {
        var bytes = UserCodec.Encode(RandomUserFeatures(seed: 6, count: 1).Single() with { Segment = UserSegment.Churned });

        // The segment is the last field: ordinal 3 zig-zags to 6; 4 (zig-zag 8) is not a symbol.
        Assert.Equal(6, bytes[^1]);
        bytes[^1] = 8;
        var error = Assert.Throws<MessageDecodeException>(() => UserCodec.Decode(bytes));
        Assert.Equal(DecodeFailure.CorruptBody, error.Failure);
    }

    private static void AssertSame(UserFeatures expected, UserFeatures actual)
    {
        Assert.Equal(expected with { TopCategories = [] }, actual with { TopCategories = [] });
        Assert.Equal(expected.TopCategories, actual.TopCategories);
    }

    private static IEnumerable<UserFeatures> RandomUserFeatures(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var shares = new CategoryShare[random.Next(0, 8)];
            for (var s = 0; s < shares.Length; s++)
            {
                shares[s] = new CategoryShare(ClickEventFastPathTests.RandomText(random), RandomDouble(random));
            }

            yield return new UserFeatures(
                ClickEventFastPathTests.RandomText(random),
                RandomLong(random),
                RandomCounts(random),
                RandomCounts(random),
                RandomCounts(random),
                shares,
                RandomLong(random),
                RandomDouble(random),
                random.Next(int.MinValue, int.MaxValue),
                random.Next(-1, 6),
                random.Next(-1, 6),
                random.Next(int.MinValue, int.MaxValue),
                (UserSegment)random.Next(0, 4));
        }
    }

    private static IEnumerable<ItemFeatures> RandomItemFeatures(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return new ItemFeatures(
                ClickEventFastPathTests.RandomText(random),
                ClickEventFastPathTests.RandomText(random),
                RandomLong(random),
                RandomLong(random),
                RandomLong(random),
                RandomLong(random),
                RandomLong(random),
                RandomLong(random),
                RandomDouble(random),
                RandomDouble(random),
                RandomDouble(random),
                RandomDouble(random));
        }
    }

    private static BehaviorCounts RandomCounts(Random random) =>
        new(RandomLong(random), RandomLong(random), RandomLong(random), RandomLong(random), RandomLong(random), RandomLong(random));

    /// <summary>Values of every varint length, both signs, and the extremes.</summary>
    private static long RandomLong(Random random) => random.Next(10) switch
    {
        0 => long.MinValue,
        1 => long.MaxValue,
        2 => 0,
        _ => random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63),
    };

    private static double RandomDouble(Random random) => random.Next(8) switch
    {
        0 => double.NaN,
        1 => double.NegativeInfinity,
        2 => -0.0,
        3 => double.Epsilon,
        _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)),
    };
}
