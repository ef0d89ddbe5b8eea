using StreamReco.Drift.Statistics;

namespace StreamReco.Drift.Tests.Statistics;

public sealed class PValueAdjustmentTests
{
    [Fact]
    public void Benjamini_hochberg_matches_the_step_up_definition_in_input_order()
    {
        // Sorted: 0.005, 0.01, 0.03, 0.04 -> m p/rank = 0.02, 0.02, 0.04, 0.04 -> running min from the top.
        var adjusted = PValueAdjustment.Adjust([0.01, 0.04, 0.03, 0.005], MultipleTestingCorrection.BenjaminiHochberg);
        Assert.Equal([0.02, 0.04, 0.04, 0.02], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Benjamini_hochberg_enforces_monotonicity_and_caps_at_one()
    {
        var adjusted = PValueAdjustment.BenjaminiHochberg([0.9, 0.5, 0.04, 0.8]);
        Assert.Equal([0.9, 0.9, 0.16, 0.9], adjusted.Select(p => Math.Round(p, 12)));
        Assert.All(PValueAdjustment.BenjaminiHochberg([0.6, 0.7]), p => Assert.True(p <= 1.0));
    }

    [Fact]
    public void Bonferroni_multiplies_by_the_family_size_and_caps_at_one()
    {
        var adjusted = PValueAdjustment.Adjust([0.01, 0.04, 0.3, 0.005], MultipleTestingCorrection.Bonferroni);
        Assert.Equal([0.04, 0.16, 1.0, 0.02], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Invalid_p_values_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PValueAdjustment.Adjust([0.1, double.NaN], MultipleTestingCorrection.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => PValueAdjustment.Adjust([1.5], MultipleTestingCorrection.Bonferroni));
    }

    [Fact]
    public void Alarm_requires_both_a_material_statistic_and_a_significant_corrected_p_value()
    {
        var rule = new DriftAlarmRule();
        Assert.True(rule.IsAlarm(0.2, 0.01));
        Assert.False(rule.IsAlarm(0.05, 1e-9));
        Assert.False(rule.IsAlarm(0.3, 0.2));
        Assert.False(rule.IsAlarm(0.1, 0.01));
    }
}
