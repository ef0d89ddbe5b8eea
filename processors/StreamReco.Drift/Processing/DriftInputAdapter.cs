using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Features.Processing;
using StreamReco.Streams;

namespace StreamReco.Drift.Processing;

/// <summary>
/// Maps one source type onto <see cref="DriftInput"/> so both feature sources can feed one processor, with the number of
/// updates the record stands for (<see cref="FeatureHeaders.CoalescedUpdates"/>; absent means 1).
/// </summary>
/// <remarks>
/// A malformed update-count header does not stop the task and does not lose the record: the record's values are still good,
/// so it counts as one update (its only sure lower bound), <see cref="DriftPrometheusMetrics.MalformedCoalescedUpdates"/> is
/// incremented and a warning is logged (the first one per task, then every <see cref="LogEvery"/>th, so a misbehaving
/// producer cannot flood the log). Dead-lettering is not used: the runtime dead-letters only undecodable records, and
/// dropping a decodable record would bias the window more than under-weighting it.
/// </remarks>
public sealed class DriftInputAdapter<TValue>(Func<TValue, long, int, DriftInput> map, ILogger? log = null) : Processor<string, TValue>
{
    public const int LogEvery = 1000;

    private readonly Func<TValue, long, int, DriftInput> _map = map ?? throw new ArgumentNullException(nameof(map));
    private readonly ILogger _log = log ?? NullLogger.Instance;
    private long _malformed;

    public override void Process(Record<string, TValue> record) =>
        Context.Forward(new Record<string, DriftInput>(
            record.Key, _map(record.Value, record.TimestampMs, UpdatesOf(record)), record.TimestampMs, record.Headers));

    private int UpdatesOf(Record<string, TValue> record)
    {
        try
        {
            return FeatureHeaders.CoalescedUpdatesOf(record.Headers);
        }
        catch (FormatException ex)
        {
            DriftPrometheusMetrics.MalformedCoalescedUpdates.Inc();
            if (_malformed++ % LogEvery == 0)
            {
                _log.LogWarning(
                    "Malformed {Header} header on {Topic} partition {Partition} offset {Offset}, record counted as 1 update ({Count} such records on this task): {Error}",
                    FeatureHeaders.CoalescedUpdates, Context.Topic, Context.Partition, Context.Offset, _malformed, ex.Message);
            }

            return 1;
        }
    }
}
