using System.Globalization;
using StreamReco.Features;
using StreamReco.Features.Processing;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.State;

namespace StreamReco.Drift.Snapshots;

/// <summary>
/// One <see cref="TrainingSnapshot"/> per exposure (VIEW/CLICK): features captured AS OF the exposure's event time via
/// <see cref="IFeatureLookup"/>'s as-of API when the exposure is processed (later events can never change them), label
/// 1 when a positive behaviour on the same (user, item) follows within the horizon, 0 once stream time passes
/// exposure time + horizon without one.
/// </summary>
/// <remarks>
/// Pending exposures live in a (changelogged) store keyed user, item, zero-padded exposure time, event id, so a restart
/// neither loses nor re-emits them: a snapshot is forwarded and its entry deleted in the same processing step.
/// Requires the click stream keyed (co-partitioned) by user. A positive event that arrives before its exposure (out of
/// order) cannot label it; the exposure then resolves as negative.
/// </remarks>
public sealed class TrainingSnapshotProcessor(TrainingSnapshotOptions options, Func<IFeatureLookup> lookupFactory)
    : Processor<string, ClickEvent>
{
    private const char Separator = '\u0001';
    private readonly TrainingSnapshotOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly Func<IFeatureLookup> _lookupFactory = lookupFactory ?? throw new ArgumentNullException(nameof(lookupFactory));
    private IKeyValueStore<string, TrainingSnapshot>? _pending;
    private IFeatureLookup? _lookup;

    private long HorizonMs => (long)_options.Horizon.TotalMilliseconds;

    public override void Init(IProcessorContext context)
    {
        base.Init(context);
        _pending = context.GetStateStore<IKeyValueStore<string, TrainingSnapshot>>(_options.StoreName);
        _lookup = _lookupFactory();
        context.Schedule(_options.PunctuationInterval, PunctuationType.StreamTime, EmitExpired);
    }

    public override void Process(Record<string, ClickEvent> record)
    {
        var click = record.Value ?? throw new ArgumentException("Null click event.", nameof(record));
        if (click.EventTime < 0)
        {
            throw new ArgumentException($"Event {click.EventId} has a negative event time.", nameof(record));
        }

        if (_options.ExposureBehaviors.Contains(click.Behavior))
        {
            AddExposure(click);
        }
        else if (_options.PositiveBehaviors.Contains(click.Behavior))
        {
            ResolvePositives(click);
        }
    }

    private IKeyValueStore<string, TrainingSnapshot> Pending => _pending ?? throw new InvalidOperationException("Processor used before Init.");

    private void AddExposure(ClickEvent click)
    {
        var key = Key(click.UserId, click.ItemId, click.EventTime, click.EventId);
        if (Pending.TryGet(key, out _))
        {
            return; // redelivered exposure: already pending, emit once
        }

        // Point in time: only features valid at the exposure's event time.
        var lookup = _lookup!;
        var features = FeatureVector.BuildMap(
            lookup.GetUser(click.UserId, click.EventTime), lookup.GetItem(click.ItemId, click.EventTime), click.CategoryId, click.EventTime);
        Pending.Put(key, new TrainingSnapshot(
            click.EventId, click.UserId, click.ItemId, click.CategoryId, click.Behavior, click.EventTime,
            features, FeatureVector.SchemaFingerprint, 0, null, null, HorizonMs));
    }

    private void ResolvePositives(ClickEvent click)
    {
        var from = Key(click.UserId, click.ItemId, Math.Max(0, click.EventTime - HorizonMs), string.Empty);
        var to = Key(click.UserId, click.ItemId, click.EventTime, "\uffff");
        foreach (var (key, draft) in Pending.Range(from, to).ToList())
        {
            if (draft.EventTime > click.EventTime || click.EventTime - draft.EventTime > HorizonMs)
            {
                continue;
            }

            Emit(key, draft with { Label = 1, LabelBehavior = click.Behavior, LabelTime = click.EventTime });
        }
    }

    private void EmitExpired(long streamTime)
    {
        foreach (var (key, draft) in Pending.All().Where(kv => kv.Value.EventTime + HorizonMs < streamTime).ToList())
        {
            Emit(key, draft);
        }
    }

    private void Emit(string key, TrainingSnapshot snapshot)
    {
        Context.Forward(new Record<string, TrainingSnapshot>(snapshot.UserId, snapshot, snapshot.EventTime));
        Pending.Delete(key);
    }

    private static string Key(string userId, string itemId, long eventTime, string eventId) =>
        string.Concat(userId, Separator, itemId, Separator, eventTime.ToString("D20", CultureInfo.InvariantCulture), Separator, eventId);
}
