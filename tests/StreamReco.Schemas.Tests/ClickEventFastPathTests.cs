using System.Text;
using Avro;
using Avro.Generic;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Tests;

/// <summary>The hand-written ClickEvent codec must be indistinguishable from Apache.Avro's generic writer and reader.</summary>
public sealed class ClickEventFastPathTests
{
    private static readonly SchemaEntry Current = SchemaCatalog.Default.Current("streamreco.ClickEvent");

    public static IEnumerable<ClickEvent> RandomEvents(int seed, int count)
    {
        var random = new Random(seed);
        long[] edgeTimes = [0, -1, 1, long.MinValue, long.MaxValue, 63, 64, -64, -65, int.MaxValue, (long)int.MaxValue + 1];
        for (var i = 0; i < count; i++)
        {
            var time = i < edgeTimes.Length ? edgeTimes[i] : random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63);
            yield return new ClickEvent(
                RandomText(random),
                RandomText(random),
                RandomText(random),
                RandomText(random),
                (Behavior)random.Next(0, 6),
                time,
                random.Next(3) == 0 ? null : RandomText(random));
        }
    }

    [Fact]
    public void Fast_encoding_is_byte_for_byte_apache_generic_encoding()
    {
        foreach (var click in RandomEvents(seed: 1, count: 2000))
        {
            var fast = Codecs.ClickEvent.Encode(click);
            Assert.Equal(ApacheAvro.EncodeSingleObject(Current.CodecSchema, ToApacheRecord(click)), fast);
            Assert.Equal(Codecs.ClickEvent.Generic.Encode(click), fast);
        }
    }

    [Fact]
    public void Fast_decoding_agrees_with_apache_generic_decoding()
    {
        foreach (var click in RandomEvents(seed: 2, count: 2000))
        {
            var bytes = ApacheAvro.EncodeSingleObject(Current.CodecSchema, ToApacheRecord(click));
            Assert.Equal(click, Codecs.ClickEvent.Decode(bytes));
            Assert.Equal(click, Codecs.ClickEvent.Generic.Decode(bytes));

            var apache = ApacheAvro.DecodeBody(Current.CodecSchema, Current.CodecSchema, Codecs.ClickEvent.Encode(click));
            Assert.Equal(click.EventId, apache["event_id"]);
            Assert.Equal(click.UserId, apache["user_id"]);
            Assert.Equal(click.ItemId, apache["item_id"]);
            Assert.Equal(click.CategoryId, apache["category_id"]);
            Assert.Equal(click.Behavior.ToString().ToUpperInvariant(), ((GenericEnum)apache["behavior"]).Value);
            Assert.Equal(click.EventTime, apache["event_time"]);
            Assert.Equal(click.SessionId, apache["session_id"]);
        }
    }

    [Fact]
    public void Apache_reads_fast_encoding_with_the_declared_timestamp_logical_type()
    {
        var click = SampleMessages.Click();
        var apache = ApacheAvro.DecodeBody(Current.Schema, Current.Schema, Codecs.ClickEvent.Encode(click));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(click.EventTime).UtcDateTime, apache["event_time"]);
    }

    private static GenericRecord ToApacheRecord(ClickEvent click)
    {
        var schema = Current.CodecSchema;
        var record = new GenericRecord(schema);
        record.Add("event_id", click.EventId);
        record.Add("user_id", click.UserId);
        record.Add("item_id", click.ItemId);
        record.Add("category_id", click.CategoryId);
        record.Add("behavior", new GenericEnum((EnumSchema)schema["behavior"].Schema, click.Behavior.ToString().ToUpperInvariant()));
        record.Add("event_time", click.EventTime);
        record.Add("session_id", click.SessionId);
        return record;
    }

    internal static string RandomText(Random random)
    {
        var length = random.Next(0, random.Next(2) == 0 ? 12 : 200);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            switch (random.Next(10))
            {
                case 0:
                    builder.Append((char)random.Next(0xA0, 0x800)); // 2-byte UTF-8
                    break;
                case 1:
                    builder.Append((char)random.Next(0x3000, 0xD000)); // 3-byte UTF-8
                    break;
                case 2:
                    builder.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x10FFFF))); // surrogate pair, 4-byte UTF-8
                    break;
                default:
                    builder.Append((char)random.Next(0x20, 0x7F));
                    break;
            }
        }

        return builder.ToString();
    }
}
