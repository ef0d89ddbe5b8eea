using Prometheus;

namespace StreamReco.Streams;

/// <summary>
/// The runtime's Prometheus metrics, created once per process. Label handles are looked up when tasks/stores are created,
/// never per record.
/// </summary>
public static class StreamsMetrics
{
    private static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.000_001, 4, 12);

    public static Counter RecordsProcessed { get; } = Metrics.CreateCounter(
        "streamreco_streams_records_processed_total",
        "Records taken from source topics and processed, by application and sub-topology.",
        new CounterConfiguration { LabelNames = ["app", "subtopology"] });

    public static Counter RecordsConsumed { get; } = Metrics.CreateCounter(
        "streamreco_streams_records_consumed_total",
        "Records read from a source topic (before decoding; dead-lettered ones included), by application and topic.",
        new CounterConfiguration { LabelNames = ["app", "topic"] });

    public static Counter RecordsProduced { get; } = Metrics.CreateCounter(
        "streamreco_streams_records_produced_total",
        "Records sent to a sink topic (changelogs and dead letters excluded), by application and topic.",
        new CounterConfiguration { LabelNames = ["app", "topic"] });

    public static Histogram ProcessLatency { get; } = Metrics.CreateHistogram(
        "streamreco_streams_process_latency_seconds",
        "Time to process one source record through its sub-topology.",
        new HistogramConfiguration { LabelNames = ["app", "subtopology"], Buckets = LatencyBuckets });

    public static Histogram CommitLatency { get; } = Metrics.CreateHistogram(
        "streamreco_streams_commit_latency_seconds",
        "Time to commit (flush + offsets, or the transaction under exactly-once).",
        new HistogramConfiguration { LabelNames = ["app"], Buckets = LatencyBuckets });

    public static Counter DeadLettered { get; } = Metrics.CreateCounter(
        "streamreco_streams_dead_lettered_records_total",
        "Records routed to a dead-letter topic, by source topic and reason.",
        new CounterConfiguration { LabelNames = ["app", "topic", "reason"] });

    public static Gauge ConsumerLag { get; } = Metrics.CreateGauge(
        "streamreco_streams_consumer_lag_records",
        "High watermark minus position, per assigned source partition.",
        new GaugeConfiguration { LabelNames = ["app", "topic", "partition"] });

    public static Histogram RestoreDuration { get; } = Metrics.CreateHistogram(
        "streamreco_streams_restore_duration_seconds",
        "Time to restore one store of one task from its changelog.",
        new HistogramConfiguration { LabelNames = ["app", "store"], Buckets = Histogram.ExponentialBuckets(0.001, 4, 10) });

    public static Counter RestoredRecords { get; } = Metrics.CreateCounter(
        "streamreco_streams_restored_records_total",
        "Changelog records applied while restoring stores.",
        new CounterConfiguration { LabelNames = ["app", "store"] });

    public static Gauge ActiveTasks { get; } = Metrics.CreateGauge(
        "streamreco_streams_active_tasks",
        "Tasks currently owned by each stream thread of this instance.",
        new GaugeConfiguration { LabelNames = ["app", "thread"] });

    public static Histogram StorePutLatency { get; } = Metrics.CreateHistogram(
        "streamreco_streams_store_put_latency_seconds",
        "Latency of key-value store puts and deletes (serialization, changelog append, inner store).",
        new HistogramConfiguration { LabelNames = ["app", "store"], Buckets = LatencyBuckets });

    public static Histogram StoreGetLatency { get; } = Metrics.CreateHistogram(
        "streamreco_streams_store_get_latency_seconds",
        "Latency of key-value store gets.",
        new HistogramConfiguration { LabelNames = ["app", "store"], Buckets = LatencyBuckets });

    public static Gauge StoreEntries { get; } = Metrics.CreateGauge(
        "streamreco_streams_store_entries",
        "Approximate entries per store and task, sampled at commit.",
        new GaugeConfiguration { LabelNames = ["app", "store", "task"] });

    public static Counter AbortedTransactions { get; } = Metrics.CreateCounter(
        "streamreco_streams_transactions_aborted_total",
        "Exactly-once transactions aborted and rewound after a recoverable error.",
        new CounterConfiguration { LabelNames = ["app"] });

    public static Gauge State { get; } = Metrics.CreateGauge(
        "streamreco_streams_state",
        "Current application state as a number (see StreamsState).",
        new GaugeConfiguration { LabelNames = ["app"] });

    public static Counter RepartitionPurges { get; } = Metrics.CreateCounter(
        "streamreco_streams_repartition_purges_total",
        "DeleteRecords requests for committed repartition records, by outcome (ok, failed); failures are retried next interval.",
        new CounterConfiguration { LabelNames = ["app", "outcome"] });

    public static Counter UpstreamPauses { get; } = Metrics.CreateCounter(
        "streamreco_streams_upstream_pauses_total",
        "Times a stream thread paused its non-repartition sources because a repartition partition it reads lagged too far.",
        new CounterConfiguration { LabelNames = ["app", "thread"] });

    public static Gauge UpstreamPaused { get; } = Metrics.CreateGauge(
        "streamreco_streams_upstream_paused",
        "1 while a stream thread holds its non-repartition sources paused for a repartition backlog (see streamreco_streams_upstream_pauses_total).",
        new GaugeConfiguration { LabelNames = ["app", "thread"] });
}
