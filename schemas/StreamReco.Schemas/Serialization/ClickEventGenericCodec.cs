using Avro.Generic;
using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Serialization;

/// <summary>ClickEvent through Apache.Avro's generic writer and resolving reader: the reference the fast codec is tested against, and its fallback for older writers.</summary>
internal sealed class ClickEventGenericCodec(SchemaCatalog catalog) : AvroRecordCodec<ClickEvent>(catalog, "streamreco.ClickEvent")
{
    protected override GenericRecord ToRecord(ClickEvent value)
    {
        var record = new GenericRecord(Schema);
        record.Add("event_id", value.EventId);
        record.Add("user_id", value.UserId);
        record.Add("item_id", value.ItemId);
        record.Add("category_id", value.CategoryId);
        record.Add("behavior", GenericRecordFields.ToEnum(Schema.FieldSchema("behavior"), value.Behavior));
        record.Add("event_time", value.EventTime);
        record.Add("session_id", value.SessionId);
        return record;
    }

    protected override ClickEvent FromRecord(GenericRecord record) =>
        new(
            record.Get<string>("event_id"),
            record.Get<string>("user_id"),
            record.Get<string>("item_id"),
            record.Get<string>("category_id"),
            record.GetEnum<Behavior>("behavior"),
            record.Get<long>("event_time"),
            record.GetNullableString("session_id"));
}
