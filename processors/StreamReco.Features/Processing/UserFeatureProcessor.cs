using StreamReco.Features.Aggregates;
using StreamReco.Features.Snapshots;
using StreamReco.Features.Windowing;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.State;

namespace StreamReco.Features.Processing;

/// <summary>
/// Folds each click into its user's <see cref="UserAggregate"/> (kept in a change-logged key-value store) and emits the user's
/// features as of the newest event to the features child, per update or coalesced per cache flush (<see cref="FeatureEmitter{TAggregate, TFeatures}"/>,
/// <see cref="FeatureTopologyOptions.EmitEveryUpdate"/>). Late clicks go to the late child instead (counted, never folded);
/// on-time clicks are also forwarded to the admitted child, if any (the item branch), as <see cref="EnrichedClick"/>: clicks matching
/// <c>attachFeaturesTo</c> (the exposures of the training snapshots) carry the user's features as of their own event time.
/// </summary>
public sealed class UserFeatureProcessor : IProcessor<string, ClickEvent>
{
    private readonly FeatureProcessorRoutes _routes;
    private readonly AggregateOptions _aggregateOptions;
    private readonly LatenessGate _gate;
    private readonly FeatureSweepOptions? _sweep;
    private readonly Predicate<ClickEvent>? _attachFeaturesTo;
    private readonly bool _emitEveryUpdate;
    private IProcessorContext? _context;
    private IKeyValueStore<string, UserAggregate>? _store;
    private FeatureEmitter<UserAggregate, UserFeatures>? _emitter;

    public UserFeatureProcessor(
        FeatureProcessorRoutes routes,
        AggregateOptions aggregateOptions,
        WindowDefinition lateness,
        FeatureSweepOptions? sweep = null,
        Predicate<ClickEvent>? attachFeaturesTo = null,
        bool emitEveryUpdate = false)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(aggregateOptions);
        _routes = routes;
        _aggregateOptions = aggregateOptions;
        _gate = new LatenessGate(lateness);
        sweep?.Validate();
        _sweep = sweep;
        _attachFeaturesTo = attachFeaturesTo;
        _emitEveryUpdate = emitEveryUpdate;
    }

    /// <summary>Stream time of this task (largest event time seen).</summary>
    public long StreamTime => _gate.StreamTime;

    public void Init(IProcessorContext context)
    {
        _context = context;
        _store = context.GetStateStore<IKeyValueStore<string, UserAggregate>>(_routes.StoreName);
        _emitter = FeatureEmitter<UserAggregate, UserFeatures>.Create(
            context, _store, _routes.FeaturesChild, _emitEveryUpdate, static a => a.Current(), static f => f.AsOf);
        IdleKeySweeper<UserAggregate>.Schedule(context, _store, static a => a.LastEventTime, _sweep, FeatureMetrics.UserIdleDeleted);
    }

    public void Process(Record<string, ClickEvent> record)
    {
        var context = _context ?? throw new InvalidOperationException("Processor used before Init.");
        var click = record.Value;
        if (!_gate.Admit(click.EventTime))
        {
            FeatureMetrics.UserLate.Inc();
            context.Forward(
                LateEventRouting.ToLateRecord(record, LateEventHeaders.UserAggregate, _gate.StreamTime, _gate.Windows.GraceMs),
                _routes.LateChild);
            return;
        }

        var aggregate = _store!.Get(click.UserId) ?? new UserAggregate(click.UserId, _aggregateOptions);
        aggregate.Add(click);
        _store.Put(click.UserId, aggregate);
        FeatureMetrics.UserUpdates.Inc();
        _emitter!.Updated(click.UserId, aggregate);
        if (_routes.AdmittedChild is { } admitted)
        {
            // As of the click's own time, not the newest event: an out-of-order click must not see later events.
            var asOfClick = _attachFeaturesTo?.Invoke(click) == true ? aggregate.FeaturesAsOf(click.EventTime) : null;
            context.Forward(record.WithValue(new EnrichedClick(click, asOfClick)), admitted);
        }
    }

    public void Close()
    {
    }
}
