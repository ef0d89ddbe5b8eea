using Avro.Generic;
using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Serialization;

/// <summary>ItemFeatures, written once per click by the feature processor: hand-written Avro for the current schema.</summary>
internal sealed class ItemFeaturesCodec(SchemaCatalog catalog) : AvroRecordCodec<ItemFeatures>(catalog, "streamreco.ItemFeatures")
{
    protected override bool HasHandWrittenReader => true;

    protected override int MaxBodySize(ItemFeatures value)
    {
        ArgumentNullException.ThrowIfNull(value.ItemId, nameof(value.ItemId));
        ArgumentNullException.ThrowIfNull(value.CategoryId, nameof(value.CategoryId));
        return AvroBodyWriter.MaxStringSize(value.ItemId) + AvroBodyWriter.MaxStringSize(value.CategoryId)
            + (6 * AvroBodyWriter.MaxLongSize) + (4 * AvroBodyWriter.DoubleSize);
    }

    protected override void WriteBody(ref AvroBodyWriter writer, ItemFeatures value)
    {
        writer.WriteString(value.ItemId);
        writer.WriteString(value.CategoryId);
        writer.WriteLong(value.AsOf);
        writer.WriteLong(value.FirstSeen);
        writer.WriteLong(value.Popularity1h);
        writer.WriteLong(value.Popularity24h);
        writer.WriteLong(value.Popularity7d);
        writer.WriteLong(value.Views24h);
        writer.WriteDouble(value.ClickRate24h);
        writer.WriteDouble(value.CartRate24h);
        writer.WriteDouble(value.BuyRate24h);
        writer.WriteDouble(value.TrendingScore);
    }

    protected override ItemFeatures ReadBody(ref AvroBodyReader reader) =>
        new(
            reader.ReadString(),
            reader.ReadString(),
            reader.ReadLong(),
            reader.ReadLong(),
            reader.ReadLong(),
            reader.ReadLong(),
            reader.ReadLong(),
            reader.ReadLong(),
            reader.ReadDouble(),
            reader.ReadDouble(),
            reader.ReadDouble(),
            reader.ReadDouble());

    protected override GenericRecord ToRecord(ItemFeatures value)
    {
        var record = new GenericRecord(Schema);
        record.Add("item_id", value.ItemId);
        record.Add("category_id", value.CategoryId);
        record.Add("as_of", value.AsOf);
        record.Add("first_seen", value.FirstSeen);
        record.Add("popularity_1h", value.Popularity1h);
        record.Add("popularity_24h", value.Popularity24h);
        record.Add("popularity_7d", value.Popularity7d);
        record.Add("views_24h", value.Views24h);
        record.Add("click_rate_24h", value.ClickRate24h);
        record.Add("cart_rate_24h", value.CartRate24h);
        record.Add("buy_rate_24h", value.BuyRate24h);
        record.Add("trending_score", value.TrendingScore);
        return record;
    }

    protected override ItemFeatures FromRecord(GenericRecord record) =>
        new(
            record.Get<string>("item_id"),
            record.Get<string>("category_id"),
            record.Get<long>("as_of"),
            record.Get<long>("first_seen"),
            record.Get<long>("popularity_1h"),
            record.Get<long>("popularity_24h"),
            record.Get<long>("popularity_7d"),
            record.Get<long>("views_24h"),
            record.Get<double>("click_rate_24h"),
            record.Get<double>("cart_rate_24h"),
            record.Get<double>("buy_rate_24h"),
            record.Get<double>("trending_score"));
}
