using StreamReco.Features.Aggregates;
using StreamReco.Features.Snapshots;
using StreamReco.Features.Windowing;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.State;

namespace StreamReco.Features.Processing;

/// <summary>
/// Folds each click (arriving keyed by item id, after the repartition) into its item's <see cref="ItemAggregate"/> and emits
/// the item's features as of its newest event, per update or coalesced per cache flush (<see cref="FeatureEmitter{TAggregate, TFeatures}"/>). Clicks late by this task's stream time go to the late child, counted; on-time ones
/// are forwarded unchanged (still enriched) to the admitted child, if any (the training snapshots).
/// </summary>
public sealed class ItemFeatureProcessor : IProcessor<string, EnrichedClick>
{
    private readonly FeatureProcessorRoutes _routes;
    private readonly AggregateOptions _aggregateOptions;
    private readonly LatenessGate _gate;
    private readonly FeatureSweepOptions? _sweep;
    private readonly bool _emitEveryUpdate;
    private IProcessorContext? _context;
    private IKeyValueStore<string, ItemAggregate>? _store;
    private FeatureEmitter<ItemAggregate, ItemFeatures>? _emitter;

    public ItemFeatureProcessor(
        FeatureProcessorRoutes routes,
        AggregateOptions aggregateOptions,
        WindowDefinition lateness,
        FeatureSweepOptions? sweep = null,
        bool emitEveryUpdate = false)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(aggregateOptions);
        _routes = routes;
        _aggregateOptions = aggregateOptions;
        _gate = new LatenessGate(lateness);
        sweep?.Validate();
        _sweep = sweep;
        _emitEveryUpdate = emitEveryUpdate;
    }

    public long StreamTime => _gate.StreamTime;

    public void Init(IProcessorContext context)
    {
        _context = context;
        _store = context.GetStateStore<IKeyValueStore<string, ItemAggregate>>(_routes.StoreName);
        _emitter = FeatureEmitter<ItemAggregate, ItemFeatures>.Create(
            context, _store, _routes.FeaturesChild, _emitEveryUpdate, static a => a.Current(), static f => f.AsOf);
        IdleKeySweeper<ItemAggregate>.Schedule(context, _store, static a => a.LastEventTime, _sweep, FeatureMetrics.ItemIdleDeleted);
    }

    public void Process(Record<string, EnrichedClick> record)
    {
        var context = _context ?? throw new InvalidOperationException("Processor used before Init.");
        var click = record.Value.Click;
        if (!_gate.Admit(click.EventTime))
        {
            FeatureMetrics.ItemLate.Inc();
            context.Forward(
                LateEventRouting.ToLateRecord(record.WithValue(click), LateEventHeaders.ItemAggregate, _gate.StreamTime, _gate.Windows.GraceMs),
                _routes.LateChild);
            return;
        }

        var aggregate = _store!.Get(click.ItemId) ?? new ItemAggregate(click.ItemId, _aggregateOptions);
        aggregate.Add(click);
        _store.Put(click.ItemId, aggregate);
        FeatureMetrics.ItemUpdates.Inc();
        _emitter!.Updated(click.ItemId, aggregate);
        if (_routes.AdmittedChild is { } admitted)
        {
            context.Forward(record, admitted);
        }
    }

    public void Close()
    {
    }
}
