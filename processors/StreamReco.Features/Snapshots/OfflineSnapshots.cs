using StreamReco.Features.Processing;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.Testing;

namespace StreamReco.Features.Snapshots;

/// <summary>
/// Training snapshots from a finite event history, computed by the same feature topology that runs on Kafka (in the in-process
/// <see cref="TopologyTestDriver"/>), so offline evaluation sees exactly what the trainer would have received.
/// </summary>
public static class OfflineSnapshots
{
    private const string FlushId = "\u0000offline-snapshots-flush";

    /// <summary>
    /// Replays <paramref name="events"/> in event-time order (stable for equal times) and returns every snapshot, including the
    /// negatives still pending at the end: stream time is then moved past the last deadline with one flush event on a user and
    /// item that cannot occur in real data. Invalid events (see <see cref="ClickEventValidator"/>) raise an exception.
    /// </summary>
    public static IReadOnlyList<TrainingSnapshot> FromEvents(IEnumerable<ClickEvent> events, FeatureTopologyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ordered = events.OrderBy(e => e.EventTime).ToList();
        if (ordered.Count == 0)
        {
            return [];
        }

        var snapshotOptions = (options ?? new FeatureTopologyOptions()).Snapshots;
        var flushTime = ordered[^1].EventTime + snapshotOptions.HorizonMs + snapshotOptions.GraceMs
            + (long)snapshotOptions.PunctuationInterval.TotalMilliseconds;

        // Historic data must pass the future-skew check: the replay's clock stands at the end of the replay.
        var clock = new FixedTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(flushTime));
        var effective = (options ?? new FeatureTopologyOptions()) with
        {
            EmitTrainingSnapshots = true,
            PersistentStores = false,
            Sweep = null,
            TimeProvider = clock,
        };
        using var driver = new TopologyTestDriver(FeatureTopology.Build(effective), new TopologyTestDriverOptions { TimeProvider = clock });
        var clicks = driver.CreateInputTopic(effective.ClicksTopic, Serdes.String, Serdes.FromCodec(effective.ClickCodec));
        foreach (var click in ordered)
        {
            clicks.PipeInput(click.UserId, click, click.EventTime);
        }

        if (driver.DeadLetteredCount > 0)
        {
            throw new InvalidDataException(driver.DeadLetteredCount + " events were rejected as invalid; offline snapshots need a clean history.");
        }

        var flushBehavior = snapshotOptions.PositiveBehaviors.Order().First();
        clicks.PipeInput(FlushId, new ClickEvent(FlushId, FlushId, FlushId, FlushId, flushBehavior, flushTime), flushTime);
        return driver.CreateOutputTopic(snapshotOptions.SinkTopic, Serdes.String, Serdes.FromCodec(snapshotOptions.Codec)).ReadValuesToList();
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
