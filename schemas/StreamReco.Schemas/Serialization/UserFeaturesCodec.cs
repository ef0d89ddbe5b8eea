using Avro;
using Avro.Generic;
using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Serialization;

/// <summary>UserFeatures, written once per click by the feature processor: hand-written Avro for the current schema.</summary>
internal sealed class UserFeaturesCodec(SchemaCatalog catalog) : AvroRecordCodec<UserFeatures>(catalog, "streamreco.UserFeatures")
{
    private const int SegmentCount = 4;

    /// <summary>Fields per BehaviorCounts record.</summary>
    private const int CountFields = 6;

    /// <summary>Smallest encoded CategoryShare: an empty string (1 byte) and a double.</summary>
    private const int MinShareBytes = 1 + AvroBodyWriter.DoubleSize;

    protected override bool HasHandWrittenReader => true;

    protected override int MaxBodySize(UserFeatures value)
    {
        ArgumentNullException.ThrowIfNull(value.UserId, nameof(value.UserId));
        ArgumentNullException.ThrowIfNull(value.TopCategories, nameof(value.TopCategories));
        var size = AvroBodyWriter.MaxStringSize(value.UserId)
            + ((3 * CountFields) + 8) * AvroBodyWriter.MaxLongSize
            + AvroBodyWriter.DoubleSize;
        foreach (var share in value.TopCategories)
        {
            ArgumentNullException.ThrowIfNull(share?.CategoryId, nameof(value.TopCategories));
            size += AvroBodyWriter.MaxStringSize(share.CategoryId) + AvroBodyWriter.DoubleSize;
        }

        return size;
    }

    protected override void WriteBody(ref AvroBodyWriter writer, UserFeatures value)
    {
        var segment = (int)value.Segment;
        if ((uint)segment >= SegmentCount)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value.Segment, "Segment is not a defined symbol.");
        }

        writer.WriteString(value.UserId);
        writer.WriteLong(value.AsOf);
        WriteCounts(ref writer, value.Counts1h);
        WriteCounts(ref writer, value.Counts24h);
        WriteCounts(ref writer, value.Counts7d);
        writer.WriteArrayStart(value.TopCategories.Count);
        foreach (var share in value.TopCategories)
        {
            writer.WriteString(share.CategoryId);
            writer.WriteDouble(share.Share);
        }

        writer.WriteArrayEnd();
        writer.WriteLong(value.LastEventTime);
        writer.WriteDouble(value.SecondsSincePreviousEvent);
        writer.WriteInt(value.SessionCount7d);
        writer.WriteInt(value.RecencyScore);
        writer.WriteInt(value.FrequencyScore);
        writer.WriteInt(value.MonetaryScore);
        writer.WriteInt(segment);
    }

    protected override UserFeatures ReadBody(ref AvroBodyReader reader)
    {
        var userId = reader.ReadString();
        var asOf = reader.ReadLong();
        var counts1h = ReadCounts(ref reader);
        var counts24h = ReadCounts(ref reader);
        var counts7d = ReadCounts(ref reader);
        var shares = new List<CategoryShare>();
        for (var count = reader.ReadBlockCount(MinShareBytes); count != 0; count = reader.ReadBlockCount(MinShareBytes))
        {
            for (var i = 0; i < count; i++)
            {
                shares.Add(new CategoryShare(reader.ReadString(), reader.ReadDouble()));
            }
        }

        var lastEventTime = reader.ReadLong();
        var gap = reader.ReadDouble();
        var sessions = reader.ReadInt();
        var recency = reader.ReadInt();
        var frequency = reader.ReadInt();
        var monetary = reader.ReadInt();
        var segment = reader.ReadInt();
        if ((uint)segment >= SegmentCount)
        {
            throw AvroBodyReader.Corrupt($"segment ordinal {segment} out of range");
        }

        return new UserFeatures(
            userId, asOf, counts1h, counts24h, counts7d, shares.ToArray(), lastEventTime, gap, sessions, recency, frequency, monetary, (UserSegment)segment);
    }

    private static void WriteCounts(ref AvroBodyWriter writer, BehaviorCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        writer.WriteLong(counts.View);
        writer.WriteLong(counts.Click);
        writer.WriteLong(counts.Cart);
        writer.WriteLong(counts.Fav);
        writer.WriteLong(counts.Share);
        writer.WriteLong(counts.Buy);
    }

    private static BehaviorCounts ReadCounts(ref AvroBodyReader reader) =>
        new(reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), reader.ReadLong(), reader.ReadLong());

    protected override GenericRecord ToRecord(UserFeatures value)
    {
        var countsSchema = (RecordSchema)Schema.FieldSchema("counts_1h");
        var shareSchema = GenericRecordFields.ItemRecord(Schema.FieldSchema("top_categories"));
        var record = new GenericRecord(Schema);
        record.Add("user_id", value.UserId);
        record.Add("as_of", value.AsOf);
        record.Add("counts_1h", CountsRecord(countsSchema, value.Counts1h));
        record.Add("counts_24h", CountsRecord(countsSchema, value.Counts24h));
        record.Add("counts_7d", CountsRecord(countsSchema, value.Counts7d));
        record.Add("top_categories", value.TopCategories.Select(s => (object)ShareRecord(shareSchema, s)).ToArray());
        record.Add("last_event_time", value.LastEventTime);
        record.Add("seconds_since_previous_event", value.SecondsSincePreviousEvent);
        record.Add("session_count_7d", value.SessionCount7d);
        record.Add("recency_score", value.RecencyScore);
        record.Add("frequency_score", value.FrequencyScore);
        record.Add("monetary_score", value.MonetaryScore);
        record.Add("segment", GenericRecordFields.ToEnum(Schema.FieldSchema("segment"), value.Segment));
        return record;
    }

    protected override UserFeatures FromRecord(GenericRecord record) =>
        new(
            record.Get<string>("user_id"),
            record.Get<long>("as_of"),
            Counts(record.Get<GenericRecord>("counts_1h")),
            Counts(record.Get<GenericRecord>("counts_24h")),
            Counts(record.Get<GenericRecord>("counts_7d")),
            record.Items("top_categories")
                .Select(o => (GenericRecord)o)
                .Select(r => new CategoryShare(r.Get<string>("category_id"), r.Get<double>("share")))
                .ToArray(),
            record.Get<long>("last_event_time"),
            record.Get<double>("seconds_since_previous_event"),
            record.Get<int>("session_count_7d"),
            record.Get<int>("recency_score"),
            record.Get<int>("frequency_score"),
            record.Get<int>("monetary_score"),
            record.GetEnum<UserSegment>("segment"));

    private static GenericRecord CountsRecord(RecordSchema schema, BehaviorCounts counts)
    {
        var record = new GenericRecord(schema);
        record.Add("view", counts.View);
        record.Add("click", counts.Click);
        record.Add("cart", counts.Cart);
        record.Add("fav", counts.Fav);
        record.Add("share", counts.Share);
        record.Add("buy", counts.Buy);
        return record;
    }

    private static GenericRecord ShareRecord(RecordSchema schema, CategoryShare share)
    {
        var record = new GenericRecord(schema);
        record.Add("category_id", share.CategoryId);
        record.Add("share", share.Share);
        return record;
    }

    private static BehaviorCounts Counts(GenericRecord r) =>
        new(r.Get<long>("view"), r.Get<long>("click"), r.Get<long>("cart"), r.Get<long>("fav"), r.Get<long>("share"), r.Get<long>("buy"));
}
