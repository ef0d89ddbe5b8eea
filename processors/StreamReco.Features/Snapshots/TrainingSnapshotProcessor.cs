using StreamReco.Features.Aggregates;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.State;

namespace StreamReco.Features.Snapshots;

/// <summary>
/// Emits one <see cref="TrainingSnapshot"/> per exposure, on the item-keyed task, after the item aggregate has folded the click.
/// Features are point in time: the user part arrives with the click (<see cref="EnrichedClick.UserFeatures"/>, computed as of the
/// click's event time t on the user task), the item part is <see cref="ItemAggregate.FeaturesAsOf"/>(t); neither sees events
/// after t, whatever their arrival order. Labels:
/// <list type="bullet">
/// <item>Positive as soon as a positive behaviour of the same (user, item) with event time in (t, t + horizon] is processed,
/// with that event as label (the first such event to arrive; it is also looked up among remembered outcomes when the exposure
/// itself arrives after it).</item>
/// <item>Negative from a stream-time punctuation once stream time &gt;= t + horizon + grace.</item>
/// </list>
/// Pending exposures live in a change-logged store (<see cref="SnapshotStateKeys"/>) and each is deleted in the same step that
/// emits it, so a restore from the changelog neither loses nor repeats one beyond the runtime's delivery guarantee.
/// The store is bounded by <see cref="TrainingSnapshotOptions.MaxPendingPerPair"/>, <see cref="TrainingSnapshotOptions.MaxPendingTotal"/>
/// and <see cref="TrainingSnapshotOptions.MaxOutcomesPerPair"/>; every eviction is counted in <c>training_snapshots_evicted_total</c>.
/// </summary>
public sealed class TrainingSnapshotProcessor : IProcessor<string, EnrichedClick>
{
    private static readonly byte[] IndexMarker = [1];

    private readonly TrainingSnapshotOptions _options;
    private readonly string _itemStoreName;
    private IProcessorContext? _context;
    private IKeyValueStore<byte[], byte[]>? _state;
    private IKeyValueStore<string, ItemAggregate>? _items;
    private long _pendingCount = -1;

    /// <param name="options">Labelling and bounds; its <see cref="TrainingSnapshotOptions.StoreName"/> store must be attached.</param>
    /// <param name="itemStoreName">The item aggregate store (attached to this processor too), already updated with each click.</param>
    public TrainingSnapshotProcessor(TrainingSnapshotOptions options, string itemStoreName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(itemStoreName);
        options.Validate();
        _options = options;
        _itemStoreName = itemStoreName;
    }

    public void Init(IProcessorContext context)
    {
        _context = context;
        _state = context.GetStateStore<IKeyValueStore<byte[], byte[]>>(_options.StoreName);
        _items = context.GetStateStore<IKeyValueStore<string, ItemAggregate>>(_itemStoreName);
        context.Schedule(_options.PunctuationInterval, PunctuationType.StreamTime, Punctuate);
    }

    public void Process(Record<string, EnrichedClick> record)
    {
        EnsurePendingCounted();
        var click = record.Value.Click;
        if (_options.PositiveBehaviors.Contains(click.Behavior))
        {
            ResolveWithOutcome(click);
        }
        else if (_options.ExposureBehaviors.Contains(click.Behavior))
        {
            AddExposure(record.Value);
        }
    }

    public void Close()
    {
        if (_pendingCount > 0)
        {
            TrainingSnapshotMetrics.Pending.Dec(_pendingCount);
        }
    }

    /// <summary>Emits negatives whose deadline has passed and forgets expired outcomes; <paramref name="streamTime"/> is the task's stream time.</summary>
    private void Punctuate(long streamTime)
    {
        EnsurePendingCounted();
        var state = State;
        var (from, to) = SnapshotStateKeys.DueRange(SnapshotStateKeys.Deadline, streamTime);
        foreach (var indexKey in state.Range(from, to).Select(e => e.Key).ToList())
        {
            var pendingKey = SnapshotStateKeys.IndexTarget(indexKey);
            if (state.Get(pendingKey) is { } bytes)
            {
                Emit(PendingExposure.FromBytes(bytes), labelBehavior: null, labelTime: null);
                RemovePending(pendingKey, bytes);
            }
            else
            {
                state.Delete(indexKey);
            }
        }

        (from, to) = SnapshotStateKeys.DueRange(SnapshotStateKeys.Expiry, streamTime);
        foreach (var indexKey in state.Range(from, to).Select(e => e.Key).ToList())
        {
            var outcomesKey = SnapshotStateKeys.OutcomesKey(SnapshotStateKeys.IndexTarget(indexKey));
            if (state.Get(outcomesKey) is { } bytes)
            {
                var outcomes = OutcomeList.FromBytes(bytes);
                if (outcomes.RemoveOlderThan(streamTime - _options.OutcomeRetentionMs + 1) > 0)
                {
                    PutOrDelete(outcomesKey, outcomes);
                }
            }

            state.Delete(indexKey);
        }
    }

    /// <summary>Counts the restored pending exposures once, on first use (the total cap needs the number).</summary>
    private void EnsurePendingCounted()
    {
        if (_pendingCount >= 0)
        {
            return;
        }

        var (from, to) = SnapshotStateKeys.Family(SnapshotStateKeys.Pending);
        _pendingCount = State.Range(from, to).LongCount();
        TrainingSnapshotMetrics.Pending.Inc(_pendingCount);
    }

    private void AddExposure(EnrichedClick enriched)
    {
        var click = enriched.Click;
        var user = enriched.UserFeatures ?? throw new InvalidOperationException(
            "Exposure " + click.EventId + " arrived without user features; the user processor must enrich every exposure behaviour.");
        var item = Items.Get(click.ItemId)?.FeaturesAsOf(click.EventTime);
        var features = FeatureVector.Build(user, item, click.CategoryId, click.EventTime);
        var pending = new PendingExposure(
            click.EventId, click.UserId, click.ItemId, click.CategoryId, click.Behavior, click.EventTime,
            click.EventTime + _options.HorizonMs + _options.GraceMs, FeatureVector.SchemaFingerprint, features);
        var pair = SnapshotStateKeys.Pair(click.ItemId, click.UserId);

        // The outcome may have been processed first (exposure out of order): label from the remembered outcomes.
        if (State.Get(SnapshotStateKeys.OutcomesKey(pair)) is { } outcomeBytes
            && OutcomeList.FromBytes(outcomeBytes).FirstWithin(
                click.EventTime, click.EventTime + _options.HorizonMs, Context.StreamTimeMs - _options.OutcomeRetentionMs + 1) is { } outcome)
        {
            Emit(pending, outcome.Behavior, outcome.Time);
            return;
        }

        var pendingKey = SnapshotStateKeys.PendingKey(pair, click.EventTime, click.EventId);
        if (State.Get(pendingKey) is not null)
        {
            // Same exposure redelivered (at-least-once upstream): it is already waiting for its label.
            return;
        }

        EnforcePairCap(pair);
        EnforceTotalCap();
        State.Put(pendingKey, pending.ToBytes());
        State.Put(SnapshotStateKeys.DeadlineKey(pending.Deadline, pendingKey), IndexMarker);
        _pendingCount++;
        TrainingSnapshotMetrics.Pending.Inc();
    }

    private void ResolveWithOutcome(ClickEvent outcome)
    {
        var pair = SnapshotStateKeys.Pair(outcome.ItemId, outcome.UserId);
        var (from, to) = SnapshotStateKeys.PendingRange(pair, outcome.EventTime - _options.HorizonMs, outcome.EventTime - 1);
        foreach (var (pendingKey, bytes) in State.Range(from, to).ToList())
        {
            Emit(PendingExposure.FromBytes(bytes), outcome.Behavior, outcome.EventTime);
            RemovePending(pendingKey, bytes);
        }

        var outcomesKey = SnapshotStateKeys.OutcomesKey(pair);
        var outcomes = State.Get(outcomesKey) is { } existing ? OutcomeList.FromBytes(existing) : new OutcomeList();
        TrainingSnapshotMetrics.EvictedOutcomeCap.Inc(outcomes.Add(outcome.EventTime, outcome.Behavior, _options.MaxOutcomesPerPair));
        State.Put(outcomesKey, outcomes.ToBytes());
        State.Put(SnapshotStateKeys.ExpiryKey(outcome.EventTime + _options.OutcomeRetentionMs, pair), IndexMarker);
    }

    /// <summary>Makes room for one more pending exposure of <paramref name="pair"/> by evicting its oldest ones.</summary>
    private void EnforcePairCap(byte[] pair)
    {
        var (from, to) = SnapshotStateKeys.PendingRange(pair, 0, long.MaxValue);
        var existing = State.Range(from, to).ToList();
        for (var i = 0; i <= existing.Count - _options.MaxPendingPerPair; i++)
        {
            RemovePending(existing[i].Key, existing[i].Value);
            TrainingSnapshotMetrics.EvictedPairCap.Inc();
        }
    }

    /// <summary>Makes room for one more pending exposure in the task by evicting those with the earliest deadline.</summary>
    private void EnforceTotalCap()
    {
        if (_pendingCount < _options.MaxPendingTotal)
        {
            return;
        }

        var (from, to) = SnapshotStateKeys.Family(SnapshotStateKeys.Deadline);
        var excess = _pendingCount - _options.MaxPendingTotal + 1;
        foreach (var indexKey in State.Range(from, to).Take((int)Math.Min(excess, int.MaxValue)).Select(e => e.Key).ToList())
        {
            RemovePending(SnapshotStateKeys.IndexTarget(indexKey));
            TrainingSnapshotMetrics.EvictedTotalCap.Inc();
        }
    }

    /// <summary>Deletes a pending exposure and its deadline entry.</summary>
    private void RemovePending(byte[] pendingKey, byte[]? bytes = null)
    {
        bytes ??= State.Get(pendingKey);
        if (bytes is null)
        {
            return;
        }

        var pending = PendingExposure.FromBytes(bytes);
        State.Delete(pendingKey);
        State.Delete(SnapshotStateKeys.DeadlineKey(pending.Deadline, pendingKey));
        _pendingCount--;
        TrainingSnapshotMetrics.Pending.Dec();
    }

    private void Emit(PendingExposure pending, Behavior? labelBehavior, long? labelTime)
    {
        if (!pending.HasCurrentSchema)
        {
            // Stored under an older feature definition (a deploy changed FeatureVector): its values cannot be named correctly.
            TrainingSnapshotMetrics.DroppedSchemaChanged.Inc();
            return;
        }

        var snapshot = pending.ToSnapshot(labelBehavior, labelTime, _options.HorizonMs);
        (labelBehavior is null ? TrainingSnapshotMetrics.EmittedNegative : TrainingSnapshotMetrics.EmittedPositive).Inc();
        Context.Forward(new Record<string, TrainingSnapshot>(snapshot.UserId, snapshot, snapshot.EventTime));
    }

    private void PutOrDelete(byte[] outcomesKey, OutcomeList outcomes)
    {
        if (outcomes.Count == 0)
        {
            State.Delete(outcomesKey);
        }
        else
        {
            State.Put(outcomesKey, outcomes.ToBytes());
        }
    }

    private IProcessorContext Context => _context ?? throw new InvalidOperationException("Processor used before Init.");

    private IKeyValueStore<byte[], byte[]> State => _state ?? throw new InvalidOperationException("Processor used before Init.");

    private IKeyValueStore<string, ItemAggregate> Items => _items ?? throw new InvalidOperationException("Processor used before Init.");
}
