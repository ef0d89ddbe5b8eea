using StreamReco.Drift.Windowing;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.State;

namespace StreamReco.Drift.Processing;

/// <summary>
/// Feeds live feature values into a <see cref="DriftWindowEngine"/>, forwards one <see cref="DriftMetric"/> per feature
/// per closed window to <see cref="MetricsChild"/>, updates Prometheus gauges and, on alarm, forwards a
/// <see cref="RetrainingRequest"/> to <see cref="RequestsChild"/> at most once per cooldown per model.
/// </summary>
/// <remarks>
/// Each update is offered with its entity (user or item), so the engine's p-values count the window's entities, not its
/// correlated updates (see <see cref="LiveSampleSize"/>); a coalesced record is offered with the number of updates it stands for.
/// The model version in service comes from a <see cref="DriftReferenceHolder"/> shared by all tasks (fed by a global
/// reader of models.versions); a new version is picked up on the next record or punctuation. The serving model's metadata and the last request time per model are kept in a key-value store (changelogged), so a
/// restart resumes with the last reference until the holder has one and keeps the debounce. Open windows are in memory: a restart loses the
/// partial window in flight (metrics only, nothing downstream depends on it).
/// </remarks>
public sealed class DriftProcessor(DriftProcessorOptions options, DriftPrometheusMetrics metrics, DriftReferenceHolder references)
    : Processor<string, DriftInput>
{
    public const string MetricsChild = "drift-metrics-sink";
    public const string RequestsChild = "retraining-requests-sink";
    private const string ReferenceKey = "reference";
    private const string LastRequestPrefix = "last-request/";

    private readonly DriftProcessorOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly DriftPrometheusMetrics _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
    private readonly DriftReferenceHolder _references = references ?? throw new ArgumentNullException(nameof(references));
    private readonly DriftWindowEngine _engine = new(options.Engine);
    private ModelVersion? _lastOffered;
    private IKeyValueStore<string, DriftState>? _store;
    private string? _modelName;

    public DriftWindowEngine Engine => _engine;

    public override void Init(IProcessorContext context)
    {
        base.Init(context);
        _store = context.GetStateStore<IKeyValueStore<string, DriftState>>(_options.StoreName);
        if (_store.Get(ReferenceKey) is { Model: { } model })
        {
            ApplyReference(model);
        }

        context.Schedule(_options.PunctuationInterval, PunctuationType.StreamTime, now =>
        {
            RefreshReference();
            _engine.AdvanceStreamTime(now);
            EmitClosedWindows();
        });
    }

    public override void Process(Record<string, DriftInput> record)
    {
        RefreshReference();
        switch (record.Value)
        {
            case FeatureObservations observations:
                // Counted per update, like the window's N: a coalesced record offers its values once per update it stands for.
                var updates = observations.Updates;
                foreach (var outcome in _engine.Observe(observations.Entity, observations.Values, observations.EventTime, updates))
                {
                    switch (outcome)
                    {
                        case ObservationOutcome.Accepted:
                            DriftPrometheusMetrics.AcceptedObservations.Inc(updates);
                            break;
                        case ObservationOutcome.Late:
                            DriftPrometheusMetrics.LateObservations.Inc(updates);
                            break;
                        default:
                            DriftPrometheusMetrics.UnreferencedObservations.Inc(updates);
                            break;
                    }
                }

                EmitClosedWindows();
                break;
            default:
                throw new ArgumentException($"Unsupported drift input {record.Value?.GetType().Name ?? "null"}.", nameof(record));
        }
    }

    private IKeyValueStore<string, DriftState> Store => _store ?? throw new InvalidOperationException("Processor used before Init.");

    private void RefreshReference()
    {
        var offered = _references.Current;
        if (offered is null || ReferenceEquals(offered, _lastOffered))
        {
            return;
        }

        _lastOffered = offered;
        // A version without reference distributions cannot be tested against: keep the previous reference.
        if (offered.ReferenceDistributions.Count > 0 && offered.Version != _engine.Reference?.ModelVersion)
        {
            ApplyReference(offered);
            Store.Put(ReferenceKey, new DriftState(offered, null));
        }
    }

    private void ApplyReference(ModelVersion model)
    {
        // Only the metadata is kept: the model bytes are the scorer's business.
        _engine.SetReference(new ReferenceSet(model.Version, model.ReferenceDistributions));
        _modelName = model.ModelName;
    }

    private void EmitClosedWindows()
    {
        var results = _engine.CloseDueWindowsWithSampleSizes();
        if (results.Count == 0)
        {
            return;
        }

        foreach (var result in results)
        {
            var metric = result.Metric;
            _metrics.Record(metric, result.EffectiveLiveCount);
            Context.Forward(new Record<string, DriftMetric>(metric.Feature, metric, metric.WindowEnd), MetricsChild);
        }

        foreach (var window in results.Select(r => r.Metric).Where(m => m.Alarm).GroupBy(m => (m.WindowStart, m.WindowEnd, m.ModelVersion)))
        {
            MaybeRequestRetraining(window.Key.ModelVersion, window.Key.WindowStart, window.Key.WindowEnd, [.. window.Select(m => m.Feature)]);
        }
    }

    private void MaybeRequestRetraining(string modelVersion, long windowStart, long windowEnd, IReadOnlyList<string> features)
    {
        var modelName = _modelName ?? modelVersion;
        var key = LastRequestPrefix + modelName;
        var now = Math.Max(_engine.StreamTime, windowEnd);
        if (Store.Get(key) is { LastRequestAt: { } last } && now - last < (long)_options.RetrainingCooldown.TotalMilliseconds)
        {
            return;
        }

        Store.Put(key, new DriftState(null, now));
        DriftPrometheusMetrics.RetrainingRequestCount.Inc();
        var request = new RetrainingRequest(modelName, modelVersion, "drift", features, windowStart, windowEnd, now);
        Context.Forward(new Record<string, RetrainingRequest>(modelName, request, now), RequestsChild);
    }
}
