using Avro.Generic;
using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Serialization;

internal sealed class DriftMetricCodec(SchemaCatalog catalog) : AvroRecordCodec<DriftMetric>(catalog, "streamreco.DriftMetric")
{
    protected override GenericRecord ToRecord(DriftMetric value)
    {
        var record = new GenericRecord(Schema);
        record.Add("feature", value.Feature);
        record.Add("model_version", value.ModelVersion);
        record.Add("window_kind", value.WindowKind);
        record.Add("window_start", value.WindowStart);
        record.Add("window_end", value.WindowEnd);
        record.Add("live_count", value.LiveCount);
        record.Add("reference_count", value.ReferenceCount);
        record.Add("statistic_d", value.StatisticD);
        record.Add("p_value", value.PValue);
        record.Add("p_value_corrected", value.PValueCorrected);
        record.Add("psi", value.Psi);
        record.Add("alarm", value.Alarm);
        return record;
    }

    protected override DriftMetric FromRecord(GenericRecord record) =>
        new(
            record.Get<string>("feature"),
            record.Get<string>("model_version"),
            record.Get<string>("window_kind"),
            record.Get<long>("window_start"),
            record.Get<long>("window_end"),
            record.Get<long>("live_count"),
            record.Get<long>("reference_count"),
            record.Get<double>("statistic_d"),
            record.Get<double>("p_value"),
            record.Get<double>("p_value_corrected"),
            record.Get<double>("psi"),
            record.Get<bool>("alarm"));
}
