using Avro.Generic;
using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Serialization;

internal sealed class ModelVersionCodec(SchemaCatalog catalog) : AvroRecordCodec<ModelVersion>(catalog, "streamreco.ModelVersion")
{
    protected override GenericRecord ToRecord(ModelVersion value)
    {
        var sampleSchema = GenericRecordFields.ItemRecord(Schema.FieldSchema("reference_distributions"));
        var record = new GenericRecord(Schema);
        record.Add("model_name", value.ModelName);
        record.Add("version", value.Version);
        record.Add("created_at", value.CreatedAt);
        record.Add("algorithm", value.Algorithm);
        record.Add("training_window_start", value.TrainingWindowStart);
        record.Add("training_window_end", value.TrainingWindowEnd);
        record.Add("hyperparameters", value.Hyperparameters.ToDictionary(kv => kv.Key, kv => (object)kv.Value, StringComparer.Ordinal));
        record.Add("metrics", value.Metrics.ToDictionary(kv => kv.Key, kv => (object)kv.Value, StringComparer.Ordinal));
        record.Add("feature_names", value.FeatureNames.Select(n => (object)n).ToArray());
        record.Add("feature_schema_fingerprint", value.FeatureSchemaFingerprint);
        record.Add("reference_distributions", value.ReferenceDistributions.Select(s =>
        {
            var sample = new GenericRecord(sampleSchema);
            sample.Add("feature", s.Feature);
            sample.Add("values", s.Values.Select(v => (object)v).ToArray());
            sample.Add("population_count", s.PopulationCount);
            return (object)sample;
        }).ToArray());
        record.Add("model_sha256", value.ModelSha256);
        record.Add("model_length", value.ModelLength);
        record.Add("chunk_index", value.ChunkIndex);
        record.Add("chunk_count", value.ChunkCount);
        record.Add("chunk", value.Chunk);
        return record;
    }

    protected override ModelVersion FromRecord(GenericRecord record) =>
        new(
            record.Get<string>("model_name"),
            record.Get<string>("version"),
            record.Get<long>("created_at"),
            record.Get<string>("algorithm"),
            record.Get<long>("training_window_start"),
            record.Get<long>("training_window_end"),
            record.Map("hyperparameters").ToDictionary(kv => kv.Key, kv => (string)kv.Value, StringComparer.Ordinal),
            record.Map("metrics").ToDictionary(kv => kv.Key, kv => (double)kv.Value, StringComparer.Ordinal),
            record.Items("feature_names").Select(o => (string)o).ToArray(),
            record.Get<long>("feature_schema_fingerprint"),
            record.Items("reference_distributions")
                .Select(o => (GenericRecord)o)
                .Select(s => new ReferenceSample(
                    s.Get<string>("feature"),
                    s.Items("values").Select(v => (double)v).ToArray(),
                    s.Get<long>("population_count")))
                .ToArray(),
            record.Get<string>("model_sha256"),
            record.Get<long>("model_length"),
            record.Get<int>("chunk_index"),
            record.Get<int>("chunk_count"),
            record.Get<byte[]>("chunk"));
}
