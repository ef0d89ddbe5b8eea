using Confluent.Kafka;
using StreamReco.Kafka;
using StreamReco.Kafka.Models;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Trainer.Publishing;

/// <summary>
/// Writes a model version to the compacted models.versions topic following <see cref="ModelChunkKeys"/>: chunks in order to
/// partition 0, the final chunk under the model-name key, then tombstones for the previous version's chunk keys.
/// </summary>
public sealed class ModelPublisher
{
    private readonly IProducer<string, byte[]?> _producer;
    private readonly IMessageCodec<ModelVersion> _codec;
    private readonly string _topic;
    private readonly int _maxMessageBytes;

    public ModelPublisher(IProducer<string, byte[]?> producer, IMessageCodec<ModelVersion> codec, string topic = TopicNames.ModelVersions,
        int maxMessageBytes = ModelChunker.DefaultMaxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentNullException.ThrowIfNull(codec);
        _producer = producer;
        _codec = codec;
        _topic = topic;
        _maxMessageBytes = maxMessageBytes;
    }

    /// <summary>Encodes every chunk first (so nothing is written if one is too large), then produces and waits for acks.</summary>
    public async Task<PublishedModel> PublishAsync(ModelManifest manifest, byte[] modelBytes, PublishedModel? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var chunks = ModelChunker.Split(manifest, modelBytes, _maxMessageBytes);
        var messages = new List<(string Key, byte[] Value)>(chunks.Count);
        foreach (var chunk in chunks)
        {
            var value = _codec.Encode(chunk);
            if (value.Length > _maxMessageBytes)
            {
                throw new InvalidOperationException(
                    "Encoded chunk " + chunk.ChunkIndex + " is " + value.Length + " bytes, above the limit " + _maxMessageBytes + ".");
            }

            messages.Add((ModelChunkKeys.For(manifest.ModelName, manifest.Version, chunk.ChunkIndex, chunk.ChunkCount), value));
        }

        var partition = new TopicPartition(_topic, new Partition(ModelChunkKeys.Partition));
        foreach (var (key, value) in messages)
        {
            await _producer.ProduceAsync(partition, new Message<string, byte[]?> { Key = key, Value = value }, cancellationToken).ConfigureAwait(false);
        }

        if (previous is not null && previous.Version != manifest.Version)
        {
            foreach (var key in ModelChunkKeys.TombstonesFor(previous.ModelName, previous.Version, previous.ChunkCount))
            {
                await _producer.ProduceAsync(partition, new Message<string, byte[]?> { Key = key, Value = null }, cancellationToken).ConfigureAwait(false);
            }
        }

        return new PublishedModel(manifest.ModelName, manifest.Version, chunks.Count);
    }
}
