using Avro;
using Avro.Generic;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Tests;

public sealed class SchemaEvolutionTests
{
    private static readonly RecordSchema V1 = ApacheAvro.LoadFromRepository("history/ClickEvent.v1.avsc");

    /// <summary>Encodes a click the way a producer built against ClickEvent v1 (no session_id) would.</summary>
    internal static byte[] EncodeAsV1(ClickEvent value)
    {
        var record = new GenericRecord(V1);
        record.Add("event_id", value.EventId);
        record.Add("user_id", value.UserId);
        record.Add("item_id", value.ItemId);
        record.Add("category_id", value.CategoryId);
        record.Add("behavior", new GenericEnum((EnumSchema)V1["behavior"].Schema, value.Behavior.ToString().ToUpperInvariant()));
        record.Add("event_time", DateTimeOffset.FromUnixTimeMilliseconds(value.EventTime).UtcDateTime);
        return ApacheAvro.EncodeSingleObject(V1, record);
    }

    [Fact]
    public void History_schema_is_embedded_with_its_own_fingerprint()
    {
        var v1 = Assert.Single(SchemaCatalog.Default.Entries, e => e.ResourceName == "schemas/history/ClickEvent.v1.avsc");
        Assert.False(v1.IsCurrent);
        Assert.Equal("streamreco.ClickEvent", v1.FullName);
        Assert.Equal(SchemaNormalization.ParsingFingerprint64(V1), v1.Fingerprint);
        Assert.NotEqual(Codecs.ClickEvent.Fingerprint, v1.Fingerprint);
        Assert.True(SchemaCatalog.Default.TryGetByFingerprint(v1.Fingerprint, out var found));
        Assert.Same(v1, found);
    }

    [Fact]
    public void V1_message_decodes_with_null_session_id()
    {
        var original = SampleMessages.UnicodeClick();
        var bytes = EncodeAsV1(original);

        var decoded = Codecs.ClickEvent.Decode(bytes);

        Assert.Equal(original with { SessionId = null }, decoded);
    }

    [Fact]
    public void V1_message_differs_from_current_encoding_only_by_fingerprint_and_missing_union()
    {
        var click = SampleMessages.Click(session: null);
        var v1 = EncodeAsV1(click);
        var current = Codecs.ClickEvent.Encode(click);

        Assert.Equal(current.Length - 1, v1.Length);
        Assert.Equal(current.AsSpan(10, v1.Length - 10).ToArray(), v1.AsSpan(10).ToArray());
    }

    [Fact]
    public void Truncated_v1_message_is_a_corrupt_body()
    {
        var bytes = EncodeAsV1(SampleMessages.Click());
        var ex = Assert.Throws<MessageDecodeException>(() => Codecs.ClickEvent.Decode(bytes.AsSpan(0, bytes.Length - 2)));
        Assert.Equal(DecodeFailure.CorruptBody, ex.Failure);
    }

    [Fact]
    public void V1_message_with_trailing_bytes_is_a_corrupt_body()
    {
        var bytes = EncodeAsV1(SampleMessages.Click()).Append((byte)0).ToArray();
        var ex = Assert.Throws<MessageDecodeException>(() => Codecs.ClickEvent.Decode(bytes));
        Assert.Equal(DecodeFailure.CorruptBody, ex.Failure);
    }

    [Fact]
    public void Every_history_schema_resolves_to_its_current_schema()
    {
        foreach (var history in SchemaCatalog.Default.Entries.Where(e => !e.IsCurrent))
        {
            var current = SchemaCatalog.Default.Current(history.FullName);
            Assert.True(current.Schema.CanRead(history.Schema), $"{history.ResourceName} cannot be read by the current schema");
        }
    }
}
