using Prometheus;

namespace StreamReco.Scoring;

/// <summary>
/// Prometheus metrics of the scoring service. Created once per factory; labelled children are resolved up front
/// (or once per model swap) and kept, never looked up per record. Tests pass a factory over a private registry.
/// </summary>
public sealed class ScoringMetrics
{
    private readonly Gauge _modelInfo;
    private readonly Counter.Child _activationsAccepted;
    private readonly Counter.Child _activationsRejected;
    private readonly Dictionary<string, Counter.Child> _fallbacks;
    private readonly Dictionary<string, Counter.Child> _strategies;
    private readonly Counter _evaluatorFallbacks;
    private readonly Dictionary<string, Counter.Child> _evaluatorFallbackChildren;
    private readonly Lock _modelInfoLock = new();
    private (string Model, string Version, string Evaluator)? _servedLabels;

    public ScoringMetrics(IMetricFactory? factory = null)
    {
        factory ??= Prometheus.Metrics.DefaultFactory;
        _modelInfo = factory.CreateGauge(
            "streamreco_scoring_model_info",
            "1 for the model version currently in service (labels model, version, evaluator: compiled-trees or mlnet).",
            ["model", "version", "evaluator"]);
        var activations = factory.CreateCounter(
            "streamreco_scoring_model_activations_total",
            "Model versions offered to the scorer, by result (accepted, rejected).",
            ["result"]);
        _activationsAccepted = activations.WithLabels("accepted");
        _activationsRejected = activations.WithLabels("rejected");
        ModelSwapTimestamp = factory.CreateGauge(
            "streamreco_scoring_model_swap_timestamp_seconds",
            "Unix time of the last successful model swap.");

        var fallbacks = factory.CreateCounter(
            "streamreco_scoring_fallback_total",
            "Recommendations served by the popularity fallback, by reason.",
            ["reason"]);
        _fallbacks = FallbackReasons.All.ToDictionary(r => r, r => fallbacks.WithLabels(r), StringComparer.Ordinal);

        var strategies = factory.CreateCounter(
            "streamreco_scoring_recommendations_total",
            "Recommendations produced, by strategy actually used.",
            ["strategy"]);
        _strategies = StrategyNames.All.ToDictionary(s => s, s => strategies.WithLabels(s), StringComparer.Ordinal);

        _evaluatorFallbacks = factory.CreateCounter(
            "streamreco_scoring_evaluator_fallbacks_total",
            "Models served by ML.NET's PredictionEngine instead of compiled trees, by reason.",
            ["reason"]);
        _evaluatorFallbackChildren = Models.EvaluatorFallbackReasons.All.ToDictionary(
            r => r, r => _evaluatorFallbacks.WithLabels(r), StringComparer.Ordinal);

        Skipped = factory.CreateCounter(
            "streamreco_scoring_skipped_total",
            "Requests that produced no recommendation because the catalogue was still empty.");
        ScoringDuration = factory.CreateHistogram(
            "streamreco_scoring_request_duration_seconds",
            "Time to build candidates, features and scores for one request.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 14) });
        EndToEndLatency = factory.CreateHistogram(
            "streamreco_scoring_event_to_recommendation_seconds",
            "Latency from event arrival at the scorer to the recommendation being emitted.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14) });
        Candidates = factory.CreateHistogram(
            "streamreco_scoring_candidates",
            "Candidates generated per request (after dedup and bought-item filtering).",
            new HistogramConfiguration { Buckets = Histogram.LinearBuckets(0, 25, 12) });

        var cache = factory.CreateCounter(
            "streamreco_scoring_user_cache_requests_total",
            "User-feature cache lookups, by result (hit, miss).",
            ["result"]);
        CacheHits = cache.WithLabels("hit");
        CacheMisses = cache.WithLabels("miss");
        AssemblyFailures = factory.CreateCounter(
            "streamreco_scoring_model_assembly_failures_total",
            "Model versions whose chunks could not be reassembled or verified (the previous model keeps serving).");
        DecodeFailures = factory.CreateCounter(
            "streamreco_scoring_decode_failures_total",
            "Messages of globally read topics (models.versions, features.item) that could not be decoded and were skipped.",
            ["topic"]);
        CacheInvalidations = factory.CreateCounter(
            "streamreco_scoring_user_cache_invalidations_total",
            "User-feature cache entries dropped because the user's features changed.");
    }

    public Gauge ModelSwapTimestamp { get; }

    public Counter Skipped { get; }

    public Histogram ScoringDuration { get; }

    public Histogram EndToEndLatency { get; }

    public Histogram Candidates { get; }

    public Counter.Child CacheHits { get; }

    public Counter.Child CacheMisses { get; }

    public Counter CacheInvalidations { get; }

    public Counter AssemblyFailures { get; }

    /// <summary>Labelled by topic; callers resolve their child once.</summary>
    public Counter DecodeFailures { get; }

    public double FallbackCount(string reason) => _fallbacks[reason].Value;

    public double StrategyCount(string strategy) => _strategies[strategy].Value;

    public double AcceptedActivations => _activationsAccepted.Value;

    public double RejectedActivations => _activationsRejected.Value;

    /// <summary>Evaluator the gauge reports for the model in service, or null before the first model.</summary>
    public string? ServedEvaluator
    {
        get
        {
            lock (_modelInfoLock)
            {
                return _servedLabels?.Evaluator;
            }
        }
    }

    public double EvaluatorFallbackCount(string reason) => _evaluatorFallbackChildren[reason].Value;

    /// <summary>Model version the gauge reports as in service, or null before the first model.</summary>
    public string? ServedVersion
    {
        get
        {
            lock (_modelInfoLock)
            {
                return _servedLabels?.Version;
            }
        }
    }

    internal void RecordFallback(string reason) => _fallbacks[reason].Inc();

    internal void RecordStrategy(string strategy) => _strategies[strategy].Inc();

    internal void RecordRejected() => _activationsRejected.Inc();

    internal void RecordEvaluatorFallback(string reason)
    {
        // Reasons come from EvaluatorFallbackReasons; an unknown one still counts rather than throwing on a swap.
        (_evaluatorFallbackChildren.TryGetValue(reason, out var child) ? child : _evaluatorFallbacks.WithLabels(reason)).Inc();
    }

    internal void RecordServed(string modelName, string version, string evaluator, DateTimeOffset swappedAt)
    {
        lock (_modelInfoLock)
        {
            if (_servedLabels is { } previous)
            {
                _modelInfo.RemoveLabelled(previous.Model, previous.Version, previous.Evaluator);
            }

            _modelInfo.WithLabels(modelName, version, evaluator).Set(1);
            _servedLabels = (modelName, version, evaluator);
        }

        _activationsAccepted.Inc();
        ModelSwapTimestamp.Set(swappedAt.ToUnixTimeMilliseconds() / 1000.0);
    }
}
