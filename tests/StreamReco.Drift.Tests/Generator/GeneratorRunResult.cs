using StreamReco.Drift.Processing;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Tests.Generator;

/// <summary>What the drift topology emitted for one <see cref="GeneratorDriftScenario"/> run.</summary>
internal sealed record GeneratorRunResult(GeneratorDriftScenario Scenario, IReadOnlyList<DriftMetric> Metrics, IReadOnlyList<RetrainingRequest> Requests)
{
    /// <summary>Monitored windows in order: start and whether any feature alarmed.</summary>
    public IReadOnlyList<(long Start, bool Alarm)> Windows =>
        [.. Metrics.GroupBy(m => m.WindowStart).OrderBy(g => g.Key).Select(g => (g.Key, g.Any(m => m.Alarm)))];

    /// <summary>Index of the window containing the shift (0 = first monitored window), or null without drift.</summary>
    public int? ShiftWindow => Scenario.ShiftAtMs is { } shift
        ? (int)((shift - Scenario.MonitoringFromMs) / (long)Scenario.WindowSize.TotalMilliseconds)
        : null;

    public int? FirstAlarmWindow
    {
        get
        {
            var index = Windows.Select((w, i) => (w, i)).FirstOrDefault(x => x.w.Alarm, (default, -1)).Item2;
            return index < 0 ? null : index;
        }
    }

    public string Describe() => string.Join(" | ", Metrics.GroupBy(m => m.WindowStart).OrderBy(g => g.Key).Select(g =>
        string.Join(" ", g.OrderByDescending(m => m.StatisticD).Take(2).Select(m => FormattableString.Invariant(
            $"{m.Feature}:D={m.StatisticD:F2},q={m.PValueCorrected:F3}{(m.Alarm ? "!" : string.Empty)}")))));
}
