using Avro.Generic;
using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Serialization;

/// <summary>TrainingSnapshot, written once per exposure by the snapshot processor: hand-written Avro writer for the current schema.</summary>
internal sealed class TrainingSnapshotCodec(SchemaCatalog catalog) : AvroRecordCodec<TrainingSnapshot>(catalog, "streamreco.TrainingSnapshot")
{
    protected override int MaxBodySize(TrainingSnapshot value)
    {
        ArgumentNullException.ThrowIfNull(value.ExposureId, nameof(value.ExposureId));
        ArgumentNullException.ThrowIfNull(value.UserId, nameof(value.UserId));
        ArgumentNullException.ThrowIfNull(value.ItemId, nameof(value.ItemId));
        ArgumentNullException.ThrowIfNull(value.CategoryId, nameof(value.CategoryId));
        ArgumentNullException.ThrowIfNull(value.Features, nameof(value.Features));
        var size = AvroBodyWriter.MaxStringSize(value.ExposureId) + AvroBodyWriter.MaxStringSize(value.UserId)
            + AvroBodyWriter.MaxStringSize(value.ItemId) + AvroBodyWriter.MaxStringSize(value.CategoryId)
            + (10 * AvroBodyWriter.MaxLongSize);
        foreach (var (name, _) in value.Features)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(value.Features));
            size += AvroBodyWriter.MaxStringSize(name) + AvroBodyWriter.DoubleSize;
        }

        return size;
    }

    protected override void WriteBody(ref AvroBodyWriter writer, TrainingSnapshot value)
    {
        writer.WriteString(value.ExposureId);
        writer.WriteString(value.UserId);
        writer.WriteString(value.ItemId);
        writer.WriteString(value.CategoryId);
        writer.WriteInt(BehaviorSymbols.Ordinal(value.ExposureBehavior));
        writer.WriteLong(value.EventTime);
        writer.WriteArrayStart(value.Features.Count);
        foreach (var (name, feature) in value.Features)
        {
            writer.WriteString(name);
            writer.WriteDouble(feature);
        }

        writer.WriteArrayEnd();
        writer.WriteLong(value.FeatureSchemaFingerprint);
        writer.WriteInt(value.Label);
        if (value.LabelBehavior is { } labelBehavior)
        {
            writer.WriteUnionIndex(1);
            writer.WriteInt(BehaviorSymbols.Ordinal(labelBehavior));
        }
        else
        {
            writer.WriteUnionIndex(0);
        }

        if (value.LabelTime is { } labelTime)
        {
            writer.WriteUnionIndex(1);
            writer.WriteLong(labelTime);
        }
        else
        {
            writer.WriteUnionIndex(0);
        }

        writer.WriteLong(value.HorizonMs);
    }

    protected override GenericRecord ToRecord(TrainingSnapshot value)
    {
        var record = new GenericRecord(Schema);
        record.Add("exposure_id", value.ExposureId);
        record.Add("user_id", value.UserId);
        record.Add("item_id", value.ItemId);
        record.Add("category_id", value.CategoryId);
        record.Add("exposure_behavior", GenericRecordFields.ToEnum(Schema.FieldSchema("exposure_behavior"), value.ExposureBehavior));
        record.Add("event_time", value.EventTime);
        record.Add("features", value.Features.ToDictionary(kv => kv.Key, kv => (object)kv.Value, StringComparer.Ordinal));
        record.Add("feature_schema_fingerprint", value.FeatureSchemaFingerprint);
        record.Add("label", value.Label);
        record.Add(
            "label_behavior",
            value.LabelBehavior is { } labelBehavior ? GenericRecordFields.ToEnum(Schema.FieldSchema("label_behavior"), labelBehavior) : null);
        record.Add("label_time", value.LabelTime);
        record.Add("horizon_ms", value.HorizonMs);
        return record;
    }

    protected override TrainingSnapshot FromRecord(GenericRecord record)
    {
        record.TryGetValue("label_behavior", out var labelBehavior);
        record.TryGetValue("label_time", out var labelTime);
        return new(
            record.Get<string>("exposure_id"),
            record.Get<string>("user_id"),
            record.Get<string>("item_id"),
            record.Get<string>("category_id"),
            record.GetEnum<Behavior>("exposure_behavior"),
            record.Get<long>("event_time"),
            record.Map("features").ToDictionary(kv => kv.Key, kv => (double)kv.Value, StringComparer.Ordinal),
            record.Get<long>("feature_schema_fingerprint"),
            record.Get<int>("label"),
            labelBehavior is GenericEnum symbol ? GenericRecordFields.ParseSymbol<Behavior>(symbol.Value) : null,
            labelTime is long time ? time : null,
            record.Get<long>("horizon_ms"));
    }
}
