using StreamReco.Streams;

namespace StreamReco.Drift.Processing;

/// <summary>Maps one source type onto <see cref="DriftInput"/> so both feature sources can feed one processor.</summary>
public sealed class DriftInputAdapter<TValue>(Func<TValue, long, DriftInput> map) : Processor<string, TValue>
{
    public override void Process(Record<string, TValue> record) =>
        Context.Forward(new Record<string, DriftInput>(record.Key, map(record.Value, record.TimestampMs), record.TimestampMs, record.Headers));
}
