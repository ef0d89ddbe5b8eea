using Prometheus;

namespace StreamReco.Features.Processing;

/// <summary>Prometheus metrics of the feature processors, created once per process; labelled children are resolved once here.</summary>
public static class FeatureMetrics
{
    public static Counter LateEvents { get; } = Metrics.CreateCounter(
        "streamreco_features_late_events_total",
        "Click events routed to events.late because every window they belong to had closed, by aggregate (user or item).",
        new CounterConfiguration { LabelNames = ["aggregate"] });

    public static Counter Updates { get; } = Metrics.CreateCounter(
        "streamreco_features_updates_total",
        "Events folded into a feature aggregate (and feature records emitted), by aggregate (user or item).",
        new CounterConfiguration { LabelNames = ["aggregate"] });

    public static Counter IdleKeysDeleted { get; } = Metrics.CreateCounter(
        "streamreco_features_idle_keys_deleted_total",
        "Aggregates deleted from the feature stores because their newest event is older than the idle retention.",
        new CounterConfiguration { LabelNames = ["aggregate"] });

    internal static Counter.Child UserIdleDeleted { get; } = IdleKeysDeleted.WithLabels(LateEventHeaders.UserAggregate);

    internal static Counter.Child ItemIdleDeleted { get; } = IdleKeysDeleted.WithLabels(LateEventHeaders.ItemAggregate);

    internal static Counter.Child UserLate { get; } = LateEvents.WithLabels(LateEventHeaders.UserAggregate);

    internal static Counter.Child ItemLate { get; } = LateEvents.WithLabels(LateEventHeaders.ItemAggregate);

    internal static Counter.Child UserUpdates { get; } = Updates.WithLabels(LateEventHeaders.UserAggregate);

    internal static Counter.Child ItemUpdates { get; } = Updates.WithLabels(LateEventHeaders.ItemAggregate);
}
