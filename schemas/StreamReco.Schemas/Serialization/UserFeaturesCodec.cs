using Avro;
using Avro.Generic;
using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Serialization;

internal sealed class UserFeaturesCodec(SchemaCatalog catalog) : AvroRecordCodec<UserFeatures>(catalog, "streamreco.UserFeatures")
{
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
