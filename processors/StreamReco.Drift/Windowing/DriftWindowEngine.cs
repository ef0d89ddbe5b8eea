using StreamReco.Drift.Statistics;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Windowing;

/// <summary>
/// Event-time windowed drift detection, independent of any transport: live feature values go into per-window
/// <see cref="ReferenceGridHistogram"/>s (bounded memory, exact KS), and when stream time passes a window's end plus
/// grace the window is closed into one <see cref="DriftMetric"/> per observed feature, with p-values corrected across
/// the window's features and the alarm rule applied.
/// </summary>
/// <remarks>
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

    /// <summary>Observations that arrived after all their windows were closed.</summary>
    public long LateCount { get; private set; }

    public int OpenWindowCount => _open.Count;

    public ReferenceSet? Reference => _reference;

    public void SetReference(ReferenceSet reference) => _reference = reference ?? throw new ArgumentNullException(nameof(reference));

    /// <summary>Adds one live value of <paramref name="feature"/> observed at <paramref name="eventTime"/>.</summary>
    public ObservationOutcome Observe(string feature, double value, long eventTime)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (_reference is null)
        {
            return ObservationOutcome.NoReference;
        }

        if (!_reference.Features.ContainsKey(feature))
        {
            return ObservationOutcome.UnknownFeature;
        }

        if (double.IsNaN(value))
        {
            throw new ArgumentException($"Live value of '{feature}' is NaN.", nameof(value));
        }

        StreamTime = Math.Max(StreamTime, eventTime);
        var graceMs = (long)_options.Grace.TotalMilliseconds;
        var accepted = false;
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
                window = new OpenWindow(start, _reference);
                _open.Add(start, window);
            }

            if (window.Add(feature, value))
            {
                accepted = true;
            }
        }

        if (!accepted)
        {
            if (anyOpen)
            {
                // Open windows still compare against an older model version without this feature.
                return ObservationOutcome.UnknownFeature;
            }

            LateCount++;
            return ObservationOutcome.Late;
        }

        return ObservationOutcome.Accepted;
    }

    /// <summary>Moves stream time forward (e.g. from a punctuation) without an observation.</summary>
    public void AdvanceStreamTime(long time) => StreamTime = Math.Max(StreamTime, time);

    /// <summary>Closes every window whose end + grace &lt;= stream time and returns their metrics, oldest window first.</summary>
    public IReadOnlyList<DriftMetric> CloseDueWindows()
    {
        var metrics = new List<DriftMetric>();
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
            metrics.AddRange(Evaluate(first.Value, end));
        }

        return metrics;
    }

    private List<DriftMetric> Evaluate(OpenWindow window, long end)
    {
        var features = window.Histograms.Where(kv => kv.Value.Count > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var tests = features.Select(kv => kv.Value.KolmogorovSmirnov(_options.Method)).ToArray();
        var corrected = PValueAdjustment.Adjust(tests.Select(t => t.PValue).ToArray(), _options.Rule.Correction);
        var metrics = new List<DriftMetric>(features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            var histogram = features[i].Value;
            metrics.Add(new DriftMetric(
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
                Alarm: _options.Rule.IsAlarm(tests[i].Statistic, corrected[i])));
        }

        return metrics;
    }

    private sealed class OpenWindow(long start, ReferenceSet reference)
    {
        public long Start { get; } = start;

        public ReferenceSet Reference { get; } = reference;

        public Dictionary<string, ReferenceGridHistogram> Histograms { get; } = new(StringComparer.Ordinal);

        /// <summary>False when this window's (older) reference set has no sample for the feature.</summary>
        public bool Add(string feature, double value)
        {
            if (!Histograms.TryGetValue(feature, out var histogram))
            {
                if (!Reference.Features.TryGetValue(feature, out var distribution))
                {
                    return false;
                }

                histogram = new ReferenceGridHistogram(distribution);
                Histograms.Add(feature, histogram);
            }

            histogram.Add(value);
            return true;
        }
    }
}
