using StreamReco.Drift.Statistics;

namespace StreamReco.Drift;

/// <summary>
/// Alarm when the shift is both material and significant: D > <see cref="StatisticThreshold"/> AND the corrected
/// p-value &lt; <see cref="Alpha"/>. The D threshold keeps huge windows from alarming on negligible but
/// "significant" shifts; the p-value keeps small windows from alarming on noise.
/// </summary>
public sealed record DriftAlarmRule(
    double StatisticThreshold = 0.1,
    double Alpha = 0.05,
    MultipleTestingCorrection Correction = MultipleTestingCorrection.BenjaminiHochberg)
{
    public bool IsAlarm(double statisticD, double correctedPValue) => statisticD > StatisticThreshold && correctedPValue < Alpha;
}
