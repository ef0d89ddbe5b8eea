using StreamReco.Drift.Windowing;
using StreamReco.Schemas.Contracts;
using Xunit.Abstractions;

namespace StreamReco.Drift.Tests.Windowing;

/// <summary>
/// Null behaviour of the full alarm rule (D > 0.1 AND BH-corrected p &lt; 0.05) over 50 seeded runs with no drift,
/// and detection power on the same setup with a shift.
/// </summary>
public sealed class FalseAlarmRateTests(ITestOutputHelper output)
{
    private const int WindowsPerRun = 8;
    private const int EventsPerWindow = 250;
    private const long WindowMs = 60_000;

    [Fact]
    public void False_alarm_rate_over_50_seeded_null_runs_stays_within_the_bh_family_wise_bound()
    {
        var (alarmedWindows, totalWindows) = Simulate(shift: 0, runs: 50);
        var rate = alarmedWindows / (double)totalWindows;
        output.WriteLine($"false-alarm rate: {alarmedWindows}/{totalWindows} windows = {rate:P2} (3 features, BH, D>0.1, p<0.05)");

        // Under the global null BH at level alpha = 0.05 controls the family-wise error of a window at 5 % (KS p-values
        // are conservative, and D > 0.1 only removes alarms). Measured: 17/400 = 4.25 %. The bound allows two binomial
        // standard deviations (~1.1 % each over 400 windows) above 5 %; an uncorrected rule would sit near 8-9 %.
        Assert.True(rate <= 0.072, $"false-alarm rate {rate:P2}");
    }

    [Fact]
    public void Detection_rate_over_10_seeded_runs_with_a_half_sigma_shift_is_high()
    {
        var (alarmedWindows, totalWindows) = Simulate(shift: 0.5, runs: 10);
        var rate = alarmedWindows / (double)totalWindows;
        output.WriteLine($"detection rate: {alarmedWindows}/{totalWindows} windows = {rate:P2}");
        Assert.True(rate >= 0.95, $"detection rate {rate:P2}");
    }

    private static (int Alarmed, int Total) Simulate(double shift, int runs)
    {
        int alarmed = 0, total = 0;
        for (var seed = 0; seed < runs; seed++)
        {
            var rng = new Random(seed);
            string[] features = ["f1", "f2", "f3"];
            var engine = new DriftWindowEngine(new DriftEngineOptions
            {
                Window = DriftWindowSpec.Tumbling(TimeSpan.FromMilliseconds(WindowMs)),
                Grace = TimeSpan.Zero,
            });
            engine.SetReference(new ReferenceSet("v1", features.Select(f =>
                new ReferenceSample(f, Enumerable.Range(0, 1500).Select(_ => Normal(rng)).Order().ToArray(), 1500))));

            for (var w = 0; w < WindowsPerRun; w++)
            {
                for (var i = 0; i < EventsPerWindow; i++)
                {
                    var t = (w * WindowMs) + (i * (WindowMs / EventsPerWindow));
                    foreach (var f in features)
                    {
                        engine.Observe(f, Normal(rng) + (f == "f2" ? shift : 0), t);
                    }
                }
            }

            engine.AdvanceStreamTime(WindowsPerRun * WindowMs);
            foreach (var window in engine.CloseDueWindows().GroupBy(m => m.WindowStart))
            {
                total++;
                if (window.Any(m => m.Alarm))
                {
                    alarmed++;
                }
            }
        }

        return (alarmed, total);
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
