using System.Buffers.Binary;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Tests;

public sealed class DecodeFailureTests
{
    [Fact]
    public void Empty_payload_is_empty()
    {
        AssertFailure(DecodeFailure.Empty, () => Codecs.ClickEvent.Decode([]));
        AssertFailure(DecodeFailure.Empty, () => Codecs.UserFeatures.Decode(ReadOnlySpan<byte>.Empty));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xC3, 0x01, 1, 2, 3 })]
    [InlineData(new byte[] { 0xC3, 0x02, 1, 2, 3, 4, 5, 6, 7, 8, 0 })]
    [InlineData(new byte[] { 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0 })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'1', (byte)'}', 0, 0, 0, 0 })]
    public void Missing_or_wrong_marker_is_bad_header(byte[] bytes)
    {
        AssertFailure(DecodeFailure.BadHeader, () => Codecs.ClickEvent.Decode(bytes));
        AssertFailure(DecodeFailure.BadHeader, () => Codecs.Recommendation.Decode(bytes));
    }

    [Fact]
    public void Unknown_fingerprint_is_reported()
    {
        var bytes = Codecs.ClickEvent.Encode(SampleMessages.Click());
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(2), 0x0123456789ABCDEF);
        AssertFailure(DecodeFailure.UnknownFingerprint, () => Codecs.ClickEvent.Decode(bytes));
    }

    [Fact]
    public void Message_of_another_type_is_an_unknown_fingerprint_for_this_type()
    {
        var user = Codecs.UserFeatures.Encode(SampleMessages.User());
        var ex = AssertFailure(DecodeFailure.UnknownFingerprint, () => Codecs.ClickEvent.Decode(user));
        Assert.Contains("streamreco.UserFeatures", ex.Message, StringComparison.Ordinal);
        AssertFailure(DecodeFailure.UnknownFingerprint, () => Codecs.ItemFeatures.Decode(user));
    }

    [Fact]
    public void Truncated_body_is_corrupt_for_every_type()
    {
        foreach (var (name, bytes, decode) in AllEncodings())
        {
            for (var length = 10; length < bytes.Length; length++)
            {
                var truncated = bytes[..length];
                var ex = Assert.Throws<MessageDecodeException>(() => decode(truncated));
                Assert.True(ex.Failure == DecodeFailure.CorruptBody, $"{name} truncated to {length}: {ex.Failure} {ex.Message}");
            }
        }
    }

    [Fact]
    public void Trailing_bytes_are_corrupt_for_every_type()
    {
        foreach (var (_, bytes, decode) in AllEncodings())
        {
            var longer = bytes.Append((byte)0).ToArray();
            AssertFailure(DecodeFailure.CorruptBody, () => decode(longer));
        }
    }

    [Fact]
    public void Garbage_body_is_corrupt()
    {
        var bytes = Codecs.ClickEvent.Encode(SampleMessages.Click());
        bytes[10] = 0xFF; // varint continuation on every byte that follows, then a huge length
        for (var i = 11; i < bytes.Length; i++)
        {
            bytes[i] = 0xFF;
        }

        AssertFailure(DecodeFailure.CorruptBody, () => Codecs.ClickEvent.Decode(bytes));
    }

    [Fact]
    public void Huge_string_length_is_corrupt_without_allocating_it()
    {
        var header = Codecs.ModelVersion.Encode(SampleMessages.Model()).AsSpan(0, 10).ToArray();
        // model_name length 2^40 (zig-zag varint), then nothing.
        byte[] body = [0x80, 0x80, 0x80, 0x80, 0x80, 0x40];
        AssertFailure(DecodeFailure.CorruptBody, () => Codecs.ModelVersion.Decode([.. header, .. body]));
        AssertFailure(DecodeFailure.CorruptBody, () => Codecs.ClickEvent.Decode([.. Codecs.ClickEvent.Encode(SampleMessages.Click()).AsSpan(0, 10), .. body]));
    }

    [Fact]
    public void Huge_array_count_is_corrupt_without_allocating_it()
    {
        var model = SampleMessages.Model(empty: true);
        var bytes = Codecs.ModelVersion.Encode(model);
        // Rebuild the body up to the hyperparameters map, then claim 2^30 entries.
        var prefix = Codecs.ModelVersion.Encode(model with { Hyperparameters = new Dictionary<string, string> { ["k"] = "v" } });
        var mapStart = IndexOfMapStart(prefix, bytes);
        byte[] hugeCount = [0x80, 0x80, 0x80, 0x80, 0x08];
        AssertFailure(DecodeFailure.CorruptBody, () => Codecs.ModelVersion.Decode([.. prefix.AsSpan(0, mapStart), .. hugeCount, 2, (byte)'k', 2, (byte)'v']));
    }

    [Fact]
    public void Out_of_range_enum_and_union_branch_are_corrupt()
    {
        var click = Codecs.ClickEvent.Encode(SampleMessages.Click(session: null));
        var badEnum = (byte[])click.Clone();
        badEnum[^(1 + VarLongLength(SampleMessages.Now) + 1)] = 12; // ordinal 6
        AssertFailure(DecodeFailure.CorruptBody, () => Codecs.ClickEvent.Decode(badEnum));

        var badBranch = (byte[])click.Clone();
        badBranch[^1] = 4; // union branch 2
        AssertFailure(DecodeFailure.CorruptBody, () => Codecs.ClickEvent.Decode(badBranch));

        var reco = Codecs.Recommendation.Encode(SampleMessages.Reco(withNulls: true));
        reco[10 + 1 + "u-42".Length] = 6; // request_id union branch 3
        AssertFailure(DecodeFailure.CorruptBody, () => Codecs.Recommendation.Decode(reco));
    }

    [Fact]
    public void Invalid_utf8_is_corrupt_on_both_paths()
    {
        var click = Codecs.ClickEvent.Encode(SampleMessages.Click() with { EventId = "ab" });
        click[11] = 0xC3; // lead byte followed by ASCII 'b': invalid
        AssertFailure(DecodeFailure.CorruptBody, () => Codecs.ClickEvent.Decode(click));
        AssertFailure(DecodeFailure.CorruptBody, () => Codecs.ClickEvent.Generic.Decode(click));
    }

    [Fact]
    public void Encoding_an_undefined_behavior_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Codecs.ClickEvent.Encode(SampleMessages.Click() with { Behavior = (Behavior)9 }));
    }

    internal static IEnumerable<(string Name, byte[] Bytes, Action<byte[]> Decode)> AllEncodings()
    {
        yield return ("ClickEvent", Codecs.ClickEvent.Encode(SampleMessages.UnicodeClick()), b => Codecs.ClickEvent.Decode(b));
        yield return ("ClickEvent.generic", Codecs.ClickEvent.Encode(SampleMessages.UnicodeClick()), b => Codecs.ClickEvent.Generic.Decode(b));
        yield return ("ClickEvent.v1", SchemaEvolutionTests.EncodeAsV1(SampleMessages.Click()), b => Codecs.ClickEvent.Decode(b));
        yield return ("UserFeatures", Codecs.UserFeatures.Encode(SampleMessages.User()), b => Codecs.UserFeatures.Decode(b));
        yield return ("ItemFeatures", Codecs.ItemFeatures.Encode(SampleMessages.Item()), b => Codecs.ItemFeatures.Decode(b));
        yield return ("DriftMetric", Codecs.DriftMetric.Encode(SampleMessages.Drift()), b => Codecs.DriftMetric.Decode(b));
        yield return ("TrainingSnapshot", Codecs.TrainingSnapshot.Encode(SampleMessages.Snapshot(true)), b => Codecs.TrainingSnapshot.Decode(b));
        yield return ("ModelVersion", Codecs.ModelVersion.Encode(SampleMessages.Model()), b => Codecs.ModelVersion.Decode(b));
        yield return ("Recommendation", Codecs.Recommendation.Encode(SampleMessages.Reco(false)), b => Codecs.Recommendation.Decode(b));
    }

    private static int IndexOfMapStart(byte[] withOneEntry, byte[] withEmptyMap)
    {
        // The encodings agree up to the map's block count (0 for the empty map).
        var i = 0;
        while (withOneEntry[i] == withEmptyMap[i])
        {
            i++;
        }

        return i;
    }

    private static int VarLongLength(long value)
    {
        var zigZag = (ulong)((value << 1) ^ (value >> 63));
        var length = 1;
        while (zigZag >= 0x80)
        {
            zigZag >>= 7;
            length++;
        }

        return length;
    }

    private static MessageDecodeException AssertFailure(DecodeFailure expected, Action decode)
    {
        var ex = Assert.Throws<MessageDecodeException>(decode);
        Assert.Equal(expected, ex.Failure);
        return ex;
    }
}
