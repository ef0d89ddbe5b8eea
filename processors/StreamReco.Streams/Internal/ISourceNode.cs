using Confluent.Kafka;

namespace StreamReco.Streams.Internal;

/// <summary>Entry point of raw bytes into a task.</summary>
internal interface ISourceNode
{
    string Topic { get; }

    /// <summary>Decodes and forwards; bad bytes go to the dead-letter topic. Returns false when dead-lettered.</summary>
    bool Process(byte[]? key, byte[]? value, long timestampMs, Headers? headers);
}
