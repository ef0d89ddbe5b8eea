using Confluent.Kafka;
using StreamReco.Streams.State;

namespace StreamReco.Streams;

/// <summary>What a processor can see and do. One context per task; valid only on the task's thread.</summary>
public interface IProcessorContext
{
    string ApplicationId { get; }

    TaskId TaskId { get; }

    /// <summary>Clock for wall-clock decisions; a FakeTimeProvider in tests.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Largest record timestamp this task has seen (ms since epoch); -1 before the first record.</summary>
    long StreamTimeMs { get; }

    /// <summary>Topic of the record being processed; null inside a punctuation.</summary>
    string? Topic { get; }

    /// <summary>Partition of the record being processed; -1 inside a punctuation.</summary>
    int Partition { get; }

    /// <summary>Offset of the record being processed; -1 inside a punctuation.</summary>
    long Offset { get; }

    /// <summary>Timestamp of the record being processed, or the punctuation time inside a punctuation.</summary>
    long TimestampMs { get; }

    /// <summary>Headers of the record being processed; null inside a punctuation or when the record had none.</summary>
    Headers? Headers { get; }

    /// <summary>Sends the record to every child of the current node.</summary>
    void Forward<TKey, TValue>(Record<TKey, TValue> record);

    /// <summary>Sends the record to one named child (processor, sink or repartition) of the current node.</summary>
    void Forward<TKey, TValue>(Record<TKey, TValue> record, string childName);

    /// <summary>
    /// A delegate that forwards to the named child of the current node from anywhere on the task's thread, also outside
    /// Process and punctuations, e.g. from a cache flush listener (<see cref="ICachedKeyValueStore{TKey, TValue}.SetFlushListener"/>).
    /// Get it in Init.
    /// </summary>
    Action<Record<TKey, TValue>> ForwarderTo<TKey, TValue>(string childName);

    /// <summary>A store attached to the current processor with <see cref="Topology.AddStateStore"/>.</summary>
    TStore GetStateStore<TStore>(string name)
        where TStore : class, IStateStore;

    /// <summary>
    /// Calls <paramref name="punctuator"/> with the current time (stream time or wall-clock ms) every <paramref name="interval"/>.
    /// Stream-time punctuations are aligned to multiples of the interval and fire at most once per advance (missed intervals
    /// are skipped, as in Kafka Streams); the first fires on the first record. Wall-clock punctuations first fire one interval
    /// after scheduling.
    /// </summary>
    ICancellable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator);

    /// <summary>Asks the engine to commit soon (after the current record).</summary>
    void RequestCommit();
}
