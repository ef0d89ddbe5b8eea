using Avro.Generic;
using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Serialization;

internal sealed class RecommendationCodec(SchemaCatalog catalog) : AvroRecordCodec<Recommendation>(catalog, "streamreco.Recommendation")
{
    protected override GenericRecord ToRecord(Recommendation value)
    {
        var itemSchema = GenericRecordFields.ItemRecord(Schema.FieldSchema("items"));
        var record = new GenericRecord(Schema);
        record.Add("user_id", value.UserId);
        record.Add("request_id", value.RequestId);
        record.Add("trigger_event_id", value.TriggerEventId);
        record.Add("generated_at", value.GeneratedAt);
        record.Add("model_version", value.ModelVersion);
        record.Add("strategy", value.Strategy);
        record.Add("segment", value.Segment);
        record.Add("fallback_reason", value.FallbackReason);
        record.Add("items", value.Items.Select(i =>
        {
            var item = new GenericRecord(itemSchema);
            item.Add("item_id", i.ItemId);
            item.Add("category_id", i.CategoryId);
            item.Add("score", i.Score);
            item.Add("source", i.Source);
            return (object)item;
        }).ToArray());
        return record;
    }

    protected override Recommendation FromRecord(GenericRecord record) =>
        new(
            record.Get<string>("user_id"),
            record.GetNullableString("request_id"),
            record.GetNullableString("trigger_event_id"),
            record.Get<long>("generated_at"),
            record.Get<string>("model_version"),
            record.Get<string>("strategy"),
            record.Get<string>("segment"),
            record.GetNullableString("fallback_reason"),
            record.Items("items")
                .Select(o => (GenericRecord)o)
                .Select(i => new RecommendedItem(i.Get<string>("item_id"), i.Get<string>("category_id"), i.Get<double>("score"), i.Get<string>("source")))
                .ToArray());
}
