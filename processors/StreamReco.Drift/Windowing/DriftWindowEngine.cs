using StreamReco.Drift.Statistics;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Windowing;

/// <summary>
/// Event-time windowed drift detection, independent of any transport: live feature values go into per-window
/// <see cref="ReferenceGridHistogram"/>s (bounded memory, exact KS D), and when stream time passes a window's end plus
/// grace the window is closed into one <see cref="DriftMetric"/> per observed feature, with p-values corrected across
/// the window's features and the alarm rule applied.
/// </summary>
/// <remarks>
/// Updates of one entity (user, item) in a window are correlated, so by default the p-value uses Kish's effective live size
/// N^2 / sum(m^2) over the entities' update counts m (<see cref="LiveSampleSize.EntityClusters"/>); D is computed on every update.
/// An observation can stand for several updates (a coalesced features record): with weight k it counts exactly as k
/// observations of the same values by the same entity, in the histograms (D, p, PSI), in N and in m.
/// A window compares against the reference set that was current when it opened; a new model version applies to windows
/// opened afterwards, so every metric names the model version whose reference it really used.
/// Stream time is the largest event time seen (it never goes backwards). Not thread-safe: one instance per task.
/// </remarks>
public sealed class DriftWindowEngine(DriftEngineOptions options)
{
    private readonly DriftEngineOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly SortedDictionary<long, OpenWindow> _open = [];
    private ReferenceSet? _reference;
    private long _closedBefore = long.MinValue;

    public long StreamTime { get; private set; } = long.MinValue;

    /// <summary>Live values (weighted by their update counts) that arrived after all their windows were closed.</summary>
    public long LateCount { get; private set; }

    public int OpenWindowCount => _open.Count;

    public ReferenceSet? Reference => _reference;

    public void SetReference(ReferenceSet reference) => _reference = reference ?? throw new ArgumentNullException(nameof(reference));

    /// <summary>Adds one live value of <paramref name="feature"/> observed at <paramref name="eventTime"/>, as an independent observation.</summary>
    public ObservationOutcome Observe(string feature, double value, long eventTime) => Observe(feature, value, eventTime, 1);

    /// <summary>
    /// Adds <paramref name="updates"/> independent observations of <paramref name="value"/> at <paramref name="eventTime"/>,
    /// exactly as that many calls of <see cref="Observe(string, double, long)"/> would.
    /// </summary>
    public ObservationOutcome Observe(string feature, double value, long eventTime, int updates)
    {
        ArgumentNullException.ThrowIfNull(feature);
        return Observe(null, [new KeyValuePair<string, double>(feature, value)], eventTime, updates)[0];
    }

    /// <summary>
    /// Adds one update of <paramref name="entity"/> (e.g. "user:u-1"): its feature values observed at
    /// <paramref name="eventTime"/>. Updates of the same entity in a window form one cluster for the effective sample
    /// size; a null entity makes every update its own cluster. Returns one outcome per value, in order.
    /// </summary>
    public ObservationOutcome[] Observe(string? entity, IReadOnlyList<KeyValuePair<string, double>> values, long eventTime) =>
        Observe(entity, values, eventTime, 1);

    /// <summary>
    /// Adds <paramref name="updates"/> (&gt;= 1) updates of <paramref name="entity"/> that all carry <paramref name="values"/>
    /// (a coalesced record standing for its updates): identical to that many calls of
    /// <see cref="Observe(string?, IReadOnlyList{KeyValuePair{string, double}}, long)"/>. Each value is added with weight
    /// <paramref name="updates"/>, the window's N grows by it and so does the entity's cluster size m (with a null entity,
    /// every one of the updates is its own cluster). Returns one outcome per value, in order.
    /// </summary>
    public ObservationOutcome[] Observe(string? entity, IReadOnlyList<KeyValuePair<string, double>> values, long eventTime, int updates)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(updates, 1);
        var outcomes = new ObservationOutcome[values.Count];
        var known = new bool[values.Count];
        var anyKnown = false;
        for (var i = 0; i < values.Count; i++)
        {
            var (feature, value) = values[i];
            ArgumentNullException.ThrowIfNull(feature, nameof(values));
            if (_reference is null)
            {
                outcomes[i] = ObservationOutcome.NoReference;
            }
            else if (!_reference.Features.ContainsKey(feature))
            {
                outcomes[i] = ObservationOutcome.UnknownFeature;
            }
            else if (double.IsNaN(value))
            {
                throw new ArgumentException($"Live value of '{feature}' is NaN.", nameof(values));
            }
            else
            {
                known[i] = true;
                anyKnown = true;
                outcomes[i] = ObservationOutcome.Late;
            }
        }

        if (!anyKnown)
        {
            return outcomes;
        }

        StreamTime = Math.Max(StreamTime, eventTime);
        var graceMs = (long)_options.Grace.TotalMilliseconds;
        var anyOpen = false;
        foreach (var start in _options.Window.WindowStartsFor(eventTime))
        {
            // Closed already, or due to close (end + grace passed): too late for this window.
            if (start < _closedBefore || start + _options.Window.SizeMs <= StreamTime - graceMs)
            {
                continue;
            }

            anyOpen = true;
            if (!_open.TryGetValue(start, out var window))
            {
                window = new OpenWindow(start, _reference!, _options.MaxEntityBucketsPerWindow);
                _open.Add(start, window);
            }

            window.Add(entity, values, updates, known, outcomes);
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (known[i] && outcomes[i] != ObservationOutcome.Accepted)
            {
                if (anyOpen)
                {
                    // Open windows still compare against an older model version without this feature.
                    outcomes[i] = ObservationOutcome.UnknownFeature;
                }
                else
                {
                    LateCount += updates;
                }
            }
        }

        return outcomes;
    }

    /// <summary>Moves stream time forward (e.g. from a punctuation) without an observation.</summary>
    public void AdvanceStreamTime(long time) => StreamTime = Math.Max(StreamTime, time);

    /// <summary>Closes every window whose end + grace &lt;= stream time and returns their metrics, oldest window first.</summary>
    public IReadOnlyList<DriftMetric> CloseDueWindows() => [.. CloseDueWindowsWithSampleSizes().Select(r => r.Metric)];

    /// <summary><see cref="CloseDueWindows"/> with the effective live sample size each p-value used.</summary>
    public IReadOnlyList<FeatureWindowResult> CloseDueWindowsWithSampleSizes()
    {
        var results = new List<FeatureWindowResult>();
        var graceMs = (long)_options.Grace.TotalMilliseconds;
        while (_open.Count > 0)
        {
            var first = _open.First();
            var end = first.Key + _options.Window.SizeMs;
            if (StreamTime == long.MinValue || end > StreamTime - graceMs)
            {
                break;
            }

            _open.Remove(first.Key);
            _closedBefore = Math.Max(_closedBefore, first.Key + _options.Window.AdvanceMs);
            results.AddRange(Evaluate(first.Value, end));
        }

        return results;
    }

    private List<FeatureWindowResult> Evaluate(OpenWindow window, long end)
    {
        var features = window.Features.Where(kv => kv.Value.Histogram.Count > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var tests = new KsTestResult[features.Count];
        var effective = new double[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            (tests[i], effective[i]) = Test(features[i].Value);
        }

        var corrected = PValueAdjustment.Adjust(tests.Select(t => t.PValue).ToArray(), _options.Rule.Correction);
        var results = new List<FeatureWindowResult>(features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            var histogram = features[i].Value.Histogram;
            var metric = new DriftMetric(
                Feature: features[i].Key,
                ModelVersion: window.Reference.ModelVersion,
                WindowKind: _options.Window.Kind,
                WindowStart: window.Start,
                WindowEnd: end,
                LiveCount: histogram.Count,
                ReferenceCount: histogram.Reference.Count,
                StatisticD: tests[i].Statistic,
                PValue: tests[i].PValue,
                PValueCorrected: corrected[i],
                Psi: histogram.PopulationStabilityIndex(_options.PsiEpsilon),
                Alarm: _options.Rule.IsAlarm(tests[i].Statistic, corrected[i]));
            results.Add(new FeatureWindowResult(metric, effective[i]));
        }

        return results;
    }

    /// <summary>
    /// D is always computed on every update. With entity clusters the live side counts as Kish's effective size
    /// N^2 / sum(m^2) (asymptotic p); without repeated entities (sum(m^2) = N) it is the plain test, exact where scipy's is.
    /// </summary>
    private (KsTestResult Test, double EffectiveLiveCount) Test(FeatureWindow feature)
    {
        var histogram = feature.Histogram;
        double n = histogram.Count;
        if (_options.LiveSampleSize == LiveSampleSize.Updates || feature.SumSquaredClusterSizes <= histogram.Count)
        {
            return (histogram.KolmogorovSmirnov(_options.Method), n);
        }

        var effective = n * n / feature.SumSquaredClusterSizes;
        var d = histogram.KolmogorovSmirnov(KsMethod.Asymptotic).Statistic;
        var p = KolmogorovSmirnovTest.EffectiveSizePValue(histogram.Reference.Count, effective, d);
        return (new KsTestResult(d, p, KsMethod.Asymptotic), effective);
    }

    private sealed class FeatureWindow(ReferenceDistribution reference)
    {
        public ReferenceGridHistogram Histogram { get; } = new(reference);

        /// <summary>Sum over entities of (updates in this window)^2, kept incrementally: (m + k)^2 - m^2 = 2mk + k^2.</summary>
        public double SumSquaredClusterSizes { get; set; }
    }

    private sealed class OpenWindow(long start, ReferenceSet reference, int maxEntityBuckets)
    {
        private readonly EntityUpdateCounter _entities = new(maxEntityBuckets);

        public long Start { get; } = start;

        public ReferenceSet Reference { get; } = reference;

        public Dictionary<string, FeatureWindow> Features { get; } = new(StringComparer.Ordinal);

        /// <summary>Adds the values this window's (possibly older) reference set knows; marks them accepted.</summary>
        public void Add(string? entity, IReadOnlyList<KeyValuePair<string, double>> values, int updates, bool[] known, ObservationOutcome[] outcomes)
        {
            var priorUpdates = -1L;
            // k updates of one entity add 2mk + k^2; without an entity they are k clusters of one, adding k.
            var squaredGrowth = 0.0;
            for (var i = 0; i < values.Count; i++)
            {
                if (!known[i])
                {
                    continue;
                }

                var (name, value) = values[i];
                if (!Features.TryGetValue(name, out var feature))
                {
                    if (!Reference.Features.TryGetValue(name, out var distribution))
                    {
                        continue;
                    }

                    feature = new FeatureWindow(distribution);
                    Features.Add(name, feature);
                }

                if (priorUpdates < 0)
                {
                    // Once per update, not per value: all values of one update belong to the same entity cluster.
                    priorUpdates = entity is null ? 0 : _entities.Increment(entity, updates);
                    squaredGrowth = entity is null ? updates : (2.0 * priorUpdates * updates) + ((double)updates * updates);
                }

                feature.Histogram.Add(value, updates);
                feature.SumSquaredClusterSizes += squaredGrowth;
                outcomes[i] = ObservationOutcome.Accepted;
            }
        }
    }
}
