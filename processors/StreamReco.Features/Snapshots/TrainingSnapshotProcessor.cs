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
/// Pending exposures live in change-logged stores (<see cref="SnapshotStateKeys"/>) and each is deleted in the same step that
/// emits it, so a restore from the changelog neither loses nor repeats one beyond the runtime's delivery guarantee.
/// The stores are bounded by <see cref="TrainingSnapshotOptions.MaxPendingPerPair"/>, <see cref="TrainingSnapshotOptions.MaxPendingTotal"/>
/// and <see cref="TrainingSnapshotOptions.MaxOutcomesPerPair"/>; every eviction is counted in <c>streamreco_training_snapshots_evicted_total</c>.
/// </summary>
public sealed class TrainingSnapshotProcessor : IProcessor<string, EnrichedClick>
{
    private static readonly byte[] IndexMarker = [1];

    private readonly TrainingSnapshotOptions _options;
    private readonly string _itemStoreName;
    private IProcessorContext? _context;
    private IKeyValueStore<byte[], byte[]>? _state;
    private IKeyValueStore<byte[], byte[]>? _index;
    private IKeyValueStore<byte[], PendingList>? _pendingLists;
    private IKeyValueStore<string, ItemAggregate>? _items;
    private long _pendingCount = -1;

    /// <param name="options">Labelling and bounds; its state and index stores must be attached to this processor.</param>
    /// <param name="itemStoreName">The item aggregate store (attached to this processor too), already updated with each click.</param>
    public TrainingSnapshotProcessor(TrainingSnapshotOptions options, string itemStoreName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(itemStoreName);
        options.Validate();
        _options = options;
        _itemStoreName = itemStoreName;
    }

    private IProcessorContext Context => _context ?? throw new InvalidOperationException("Processor used before Init.");

    private IKeyValueStore<byte[], byte[]> State => _state ?? throw new InvalidOperationException("Processor used before Init.");

    private IKeyValueStore<byte[], byte[]> Index => _index ?? throw new InvalidOperationException("Processor used before Init.");

    private IKeyValueStore<byte[], PendingList> PendingLists => _pendingLists ?? throw new InvalidOperationException("Processor used before Init.");

    private IKeyValueStore<string, ItemAggregate> Items => _items ?? throw new InvalidOperationException("Processor used before Init.");

    public void Init(IProcessorContext context)
    {
        _context = context;
        _state = context.GetStateStore<IKeyValueStore<byte[], byte[]>>(_options.StoreName);
        _index = context.GetStateStore<IKeyValueStore<byte[], byte[]>>(_options.IndexStoreName);
        _pendingLists = context.GetStateStore<IKeyValueStore<byte[], PendingList>>(_options.PendingStoreName);
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
        var due = Index.Range([], SnapshotStateKeys.DueUpTo(streamTime)).Select(e => e.Key).ToList();
        foreach (var indexKey in due)
        {
            var (tag, pair, exposureId) = SnapshotStateKeys.ParseIndexKey(indexKey);
            if (tag == SnapshotStateKeys.Deadline)
            {
                var list = ReadPending(pair);
                var index = list.Items.FindIndex(p => string.Equals(p.ExposureId, exposureId, StringComparison.Ordinal));
                if (index >= 0)
                {
                    Emit(list.Items[index], labelBehavior: null, labelTime: null);
                    list.Items.RemoveAt(index);
                    _pendingCount--;
                    TrainingSnapshotMetrics.Pending.Dec();
                    WritePending(pair, list);
                }
            }
            else if (State.Get(SnapshotStateKeys.OutcomesKey(pair)) is { } bytes)
            {
                var outcomes = OutcomeList.FromBytes(bytes);
                if (outcomes.RemoveOlderThan(streamTime - _options.OutcomeRetentionMs + 1) > 0)
                {
                    WriteOutcomes(pair, outcomes);
                }
            }

            Index.Delete(indexKey);
        }
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

        EnforceTotalCap();
        var list = ReadPending(pair);
        if (list.Items.Exists(p => string.Equals(p.ExposureId, click.EventId, StringComparison.Ordinal)))
        {
            // Same exposure redelivered (at-least-once upstream): it is already waiting for its label.
            return;
        }

        while (list.Items.Count >= _options.MaxPendingPerPair)
        {
            var oldest = list.Items.MinBy(p => p.EventTime)!;
            list.Items.Remove(oldest);
            Index.Delete(SnapshotStateKeys.DeadlineKey(oldest.Deadline, pair, oldest.ExposureId));
            _pendingCount--;
            TrainingSnapshotMetrics.Pending.Dec();
            TrainingSnapshotMetrics.EvictedPairCap.Inc();
        }

        list.Items.Add(pending);
        WritePending(pair, list);
        Index.Put(SnapshotStateKeys.DeadlineKey(pending.Deadline, pair, pending.ExposureId), IndexMarker);
        _pendingCount++;
        TrainingSnapshotMetrics.Pending.Inc();
    }

    private void ResolveWithOutcome(ClickEvent outcome)
    {
        var pair = SnapshotStateKeys.Pair(outcome.ItemId, outcome.UserId);
        var list = ReadPending(pair);
        var resolved = list.Items.FindAll(p => p.EventTime < outcome.EventTime && p.EventTime >= outcome.EventTime - _options.HorizonMs);
        foreach (var pending in resolved.OrderBy(p => p.EventTime))
        {
            Emit(pending, outcome.Behavior, outcome.EventTime);
            list.Items.Remove(pending);
            Index.Delete(SnapshotStateKeys.DeadlineKey(pending.Deadline, pair, pending.ExposureId));
            _pendingCount--;
            TrainingSnapshotMetrics.Pending.Dec();
        }

        if (resolved.Count > 0)
        {
            WritePending(pair, list);
        }

        var outcomes = State.Get(SnapshotStateKeys.OutcomesKey(pair)) is { } existing ? OutcomeList.FromBytes(existing) : new OutcomeList();
        TrainingSnapshotMetrics.EvictedOutcomeCap.Inc(outcomes.Add(outcome.EventTime, outcome.Behavior, _options.MaxOutcomesPerPair));
        WriteOutcomes(pair, outcomes);
        Index.Put(SnapshotStateKeys.ExpiryKey(outcome.EventTime + _options.OutcomeRetentionMs, pair), IndexMarker);
    }

    /// <summary>Makes room for one more pending exposure in the task by evicting the one with the earliest deadline.</summary>
    private void EnforceTotalCap()
    {
        while (_pendingCount >= _options.MaxPendingTotal)
        {
            var evicted = false;
            foreach (var (indexKey, _) in Index.All())
            {
                var (tag, pair, exposureId) = SnapshotStateKeys.ParseIndexKey(indexKey);
                if (tag != SnapshotStateKeys.Deadline)
                {
                    continue;
                }

                var list = ReadPending(pair);
                list.Items.RemoveAll(p => string.Equals(p.ExposureId, exposureId, StringComparison.Ordinal));
                WritePending(pair, list);
                Index.Delete(indexKey);
                _pendingCount--;
                TrainingSnapshotMetrics.Pending.Dec();
                TrainingSnapshotMetrics.EvictedTotalCap.Inc();
                evicted = true;
                break;
            }

            if (!evicted)
            {
                // The count disagrees with the index (cannot happen unless the stores were edited): recount instead of looping.
                _pendingCount = -1;
                EnsurePendingCounted();
                return;
            }
        }
    }

    /// <summary>
    /// Counts the restored pending exposures once, on first use (the total cap needs the number). Pending lists that state
    /// written before the pending store existed still holds in the state store are moved to the pending store first; both
    /// stores are change-logged, so a crash during the move leaves each list in one of them and the move resumes on restart.
    /// </summary>
    private void EnsurePendingCounted()
    {
        if (_pendingCount >= 0)
        {
            return;
        }

        var (from, to) = SnapshotStateKeys.Family(SnapshotStateKeys.Pending);
        foreach (var (key, bytes) in State.Range(from, to))
        {
            PendingLists.Put(key, PendingList.FromBytes(bytes));
            State.Delete(key);
        }

        _pendingCount = PendingLists.All().Sum(e => (long)e.Value.Items.Count);
        TrainingSnapshotMetrics.Pending.Inc(_pendingCount);
    }

    /// <summary>The pair's pending list: the cached instance, so a caller that changes it must <see cref="WritePending"/>.</summary>
    private PendingList ReadPending(byte[] pair) => PendingLists.Get(SnapshotStateKeys.PendingKey(pair)) ?? new PendingList([]);

    private void WritePending(byte[] pair, PendingList list)
    {
        if (list.Items.Count == 0)
        {
            PendingLists.Delete(SnapshotStateKeys.PendingKey(pair));
        }
        else
        {
            PendingLists.Put(SnapshotStateKeys.PendingKey(pair), list);
        }
    }

    private void WriteOutcomes(byte[] pair, OutcomeList outcomes)
    {
        if (outcomes.Count == 0)
        {
            State.Delete(SnapshotStateKeys.OutcomesKey(pair));
        }
        else
        {
            State.Put(SnapshotStateKeys.OutcomesKey(pair), outcomes.ToBytes());
        }
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
}
