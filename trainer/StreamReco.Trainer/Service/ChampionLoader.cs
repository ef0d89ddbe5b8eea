using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamReco.Kafka;
using StreamReco.Kafka.Models;
using StreamReco.Kafka.Native;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Trainer.Service;

/// <summary>Reads models.versions from the beginning to the high watermark and returns the newest verified version of a model.</summary>
public static class ChampionLoader
{
    public static ChampionModel? Load(
        string bootstrapServers, string modelName, IMessageCodec<ModelVersion> codec, TimeSpan timeout, ILogger log, string topic = TopicNames.ModelVersions)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(log);
        LibRdKafkaLocator.EnsureLoaded();
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "streamreco-trainer-champion-loader",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<string, byte[]?>(config).Build();
        var partition = new TopicPartition(topic, new Partition(ModelChunkKeys.Partition));
        WatermarkOffsets watermarks;
        try
        {
            watermarks = consumer.QueryWatermarkOffsets(partition, timeout);
        }
        catch (KafkaException e)
        {
            log.LogWarning(e, "Could not read {Topic} watermarks; starting without a champion", topic);
            return null;
        }

        if (watermarks.High <= watermarks.Low)
        {
            return null;
        }

        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var assembler = new ModelAssembler();
        ChampionModel? champion = null;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.Message.Value is { Length: > 0 } value)
            {
                try
                {
                    var chunk = codec.Decode(value);
                    if (chunk.ModelName == modelName && assembler.Add(chunk) is { } model)
                    {
                        champion = ChampionModel.From(model);
                    }
                }
                catch (Exception e) when (e is MessageDecodeException or ModelAssemblyException)
                {
                    log.LogWarning(e, "Skipping unusable model message at offset {Offset}", result.Offset.Value);
                }
            }

            if (result.Offset.Value >= watermarks.High.Value - 1)
            {
                break;
            }
        }

        return champion;
    }
}
