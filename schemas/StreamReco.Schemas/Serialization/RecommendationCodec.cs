using Avro.Generic;
using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Serialization;

/// <summary>
/// Recommendation, written once per list by the scorer and read by every downstream consumer: hand-written Avro writer
/// and reader for the current schema; other writer schemas are read generically.
/// </summary>
internal sealed class RecommendationCodec(SchemaCatalog catalog) : AvroRecordCodec<Recommendation>(catalog, "streamreco.Recommendation")
{
    // item_id, category_id and source at least one length byte each, score eight bytes.
    private const int MinItemBytes = 3 + AvroBodyWriter.DoubleSize;

    protected override bool HasHandWrittenReader => true;

    protected override int MaxBodySize(Recommendation value)
    {
        ArgumentNullException.ThrowIfNull(value.UserId, nameof(value.UserId));
        ArgumentNullException.ThrowIfNull(value.ModelVersion, nameof(value.ModelVersion));
        ArgumentNullException.ThrowIfNull(value.Strategy, nameof(value.Strategy));
        ArgumentNullException.ThrowIfNull(value.Segment, nameof(value.Segment));
        ArgumentNullException.ThrowIfNull(value.Items, nameof(value.Items));
        var size = AvroBodyWriter.MaxStringSize(value.UserId) + MaxNullableSize(value.RequestId) + MaxNullableSize(value.TriggerEventId)
            + AvroBodyWriter.MaxLongSize + AvroBodyWriter.MaxStringSize(value.ModelVersion) + AvroBodyWriter.MaxStringSize(value.Strategy)
            + AvroBodyWriter.MaxStringSize(value.Segment) + MaxNullableSize(value.FallbackReason) + (2 * AvroBodyWriter.MaxLongSize);
        foreach (var item in value.Items)
        {
            ArgumentNullException.ThrowIfNull(item?.ItemId, nameof(value.Items));
            ArgumentNullException.ThrowIfNull(item.CategoryId, nameof(value.Items));
            ArgumentNullException.ThrowIfNull(item.Source, nameof(value.Items));
            size += AvroBodyWriter.MaxStringSize(item.ItemId) + AvroBodyWriter.MaxStringSize(item.CategoryId) + AvroBodyWriter.DoubleSize
                + AvroBodyWriter.MaxStringSize(item.Source);
        }

        return size;
    }

    protected override void WriteBody(ref AvroBodyWriter writer, Recommendation value)
    {
        writer.WriteString(value.UserId);
        WriteNullable(ref writer, value.RequestId);
        WriteNullable(ref writer, value.TriggerEventId);
        writer.WriteLong(value.GeneratedAt);
        writer.WriteString(value.ModelVersion);
        writer.WriteString(value.Strategy);
        writer.WriteString(value.Segment);
        WriteNullable(ref writer, value.FallbackReason);
        writer.WriteArrayStart(value.Items.Count);
        foreach (var item in value.Items)
        {
            writer.WriteString(item.ItemId);
            writer.WriteString(item.CategoryId);
            writer.WriteDouble(item.Score);
            writer.WriteString(item.Source);
        }

        writer.WriteArrayEnd();
    }

    protected override Recommendation ReadBody(ref AvroBodyReader reader)
    {
        var userId = reader.ReadString();
        var requestId = reader.ReadNullableString("request_id");
        var triggerEventId = reader.ReadNullableString("trigger_event_id");
        var generatedAt = reader.ReadLong();
        var modelVersion = reader.ReadString();
        var strategy = reader.ReadString();
        var segment = reader.ReadString();
        var fallbackReason = reader.ReadNullableString("fallback_reason");
        var items = new List<RecommendedItem>();
        for (var count = reader.ReadBlockCount(MinItemBytes); count != 0; count = reader.ReadBlockCount(MinItemBytes))
        {
            for (var i = 0; i < count; i++)
            {
                items.Add(new RecommendedItem(reader.ReadString(), reader.ReadString(), reader.ReadDouble(), reader.ReadString()));
            }
        }

        return new Recommendation(userId, requestId, triggerEventId, generatedAt, modelVersion, strategy, segment, fallbackReason, items.ToArray());
    }

    private static int MaxNullableSize(string? value) => 1 + (value is null ? 0 : AvroBodyWriter.MaxStringSize(value));

    /// <summary>["null", "string"]: branch 0 for null, branch 1 then the string.</summary>
    private static void WriteNullable(ref AvroBodyWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteUnionIndex(0);
            return;
        }

        writer.WriteUnionIndex(1);
        writer.WriteString(value);
    }

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
