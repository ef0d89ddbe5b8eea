using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Tests;

/// <summary>
/// The hand-written Recommendation writer must produce exactly the bytes of Apache.Avro's generic writer, and the
/// hand-written reader must read what the generic reader reads.
/// </summary>
public sealed class RecommendationCodecHandWrittenPathTests
{
    private static readonly AvroRecordCodec<Recommendation> Codec = (AvroRecordCodec<Recommendation>)Codecs.Recommendation;
    private static readonly Recommendation Valid = new("u", null, "e", 1, "v", "s", "core", null, [new RecommendedItem("i", "c", 1, "new")]);

    [Fact]
    public void Recommendations_encode_byte_for_byte_like_the_generic_writer_and_round_trip()
    {
        var random = new Random(7);
        for (var n = 0; n < 1000; n++)
        {
            var items = Enumerable.Range(0, random.Next(0, 60))
                .Select(i => new RecommendedItem(Text(random, "item"), Text(random, "cat"), (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 7)), Text(random, "src")))
                .ToArray();
            var recommendation = new Recommendation(
                Text(random, "user"),
                random.Next(3) == 0 ? null : Text(random, "req"),
                random.Next(2) == 0 ? null : Text(random, "evt"),
                random.NextInt64(long.MinValue, long.MaxValue),
                Text(random, "v"),
                Text(random, "strategy"),
                Text(random, "segment"),
                random.Next(4) == 0 ? Text(random, "reason") : null,
                items);

            var bytes = Codec.Encode(recommendation);

            Assert.Equal(Codec.EncodeGeneric(recommendation), bytes);
            var decoded = Codec.Decode(bytes);
            Assert.Equal(recommendation with { Items = [] }, decoded with { Items = [] });
            Assert.Equal(recommendation.Items, decoded.Items);
            var generic = Codec.DecodeBodyGeneric(Codec.Fingerprint, bytes.AsSpan(SingleObjectHeader.Length));
            Assert.Equal(generic with { Items = [] }, decoded with { Items = [] });
            Assert.Equal(generic.Items, decoded.Items);
        }
    }

    [Fact]
    public void Every_truncation_of_a_recommendation_and_a_trailing_byte_are_decode_failures()
    {
        var bytes = Codec.Encode(Valid);
        for (var length = SingleObjectHeader.Length; length < bytes.Length; length++)
        {
            var truncated = bytes[..length];
            Assert.Throws<MessageDecodeException>(() => Codec.Decode(truncated));
        }

        Assert.Throws<MessageDecodeException>(() => Codec.Decode([.. bytes, 0]));
    }

    [Fact]
    public void An_unknown_union_branch_is_a_corrupt_body()
    {
        var bytes = Codec.Encode(Valid with { RequestId = null });

        // user_id "u" is a length byte and one character; request_id's union branch follows (0 = null, zig-zag 0).
        var branch = SingleObjectHeader.Length + 2;
        Assert.Equal(0, bytes[branch]);
        bytes[branch] = 4;
        var error = Assert.Throws<MessageDecodeException>(() => Codec.Decode(bytes));
        Assert.Equal(DecodeFailure.CorruptBody, error.Failure);
    }

    [Fact]
    public void A_missing_required_string_is_a_clear_error_not_a_corrupt_message()
    {
        Assert.Throws<ArgumentNullException>(() => Codec.Encode(Valid with { ModelVersion = null! }));
        Assert.Throws<ArgumentNullException>(() => Codec.Encode(Valid with { Items = [new RecommendedItem("i", null!, 1, "new")] }));
    }

    // Mixed ASCII and multi-byte characters, so UTF-8 lengths differ from string lengths.
    private static string Text(Random random, string prefix) =>
        prefix + new string([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => random.Next(5) == 0 ? 'é' : (char)random.Next('a', 'z' + 1))]);
}
