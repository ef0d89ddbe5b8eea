using StreamReco.Drift.Statistics;

namespace StreamReco.Drift.Tests.Statistics;

public sealed class ReferenceGridHistogramTests
{
    public static TheoryData<string, int, int> Shapes => new()
    {
        { "continuous", 500, 800 },
        { "continuous", 2_000, 10_000 },
        { "continuous", 1_000, 25_000 },
        { "integer-ties", 400, 3_000 },
        { "integer-ties", 3_000, 40_000 },
        { "live-outside-reference-range", 300, 900 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Ks_from_the_bounded_histogram_equals_ks_on_the_raw_live_values(string shape, int referenceSize, int liveSize)
    {
        var rng = new Random(referenceSize + liveSize);
        Func<double, double> draw = shape switch
        {
            "continuous" => shift => Normal(rng) + shift,
            "integer-ties" => shift => Math.Floor(Math.Abs(Normal(rng) * 3) + shift),
            _ => shift => (Normal(rng) * 2) + shift,
        };
        var reference = Enumerable.Range(0, referenceSize).Select(_ => draw(0)).ToArray();
        var live = Enumerable.Range(0, liveSize).Select(_ => draw(0.15)).ToArray();
        var histogram = new ReferenceGridHistogram(ReferenceDistribution.FromUnsorted("f", reference));
        foreach (var v in live)
        {
            histogram.Add(v);
        }

        var fromHistogram = histogram.KolmogorovSmirnov();
        var fromRaw = KolmogorovSmirnovTest.TwoSample(reference, live);

        // Error bound of the summary on D is 0: the same evaluation points, hence bit-identical D and p.
        Assert.Equal(fromRaw.Statistic, fromHistogram.Statistic);
        Assert.Equal(fromRaw.PValue, fromHistogram.PValue);
        Assert.Equal(fromRaw.Method, fromHistogram.Method);
        Assert.Equal(liveSize, histogram.Count);
    }

    [Fact]
    public void Memory_is_bounded_by_the_reference_not_the_live_volume()
    {
        var reference = ReferenceDistribution.FromUnsorted("f", Enumerable.Range(0, 1000).Select(i => i / 10.0));
        var histogram = new ReferenceGridHistogram(reference);
        var before = histogram.CounterCount;
        var rng = new Random(1);
        for (var i = 0; i < 200_000; i++)
        {
            histogram.Add(rng.NextDouble() * 120);
        }

        Assert.Equal(before, histogram.CounterCount);
        Assert.Equal((2 * 1000) + 1, histogram.CounterCount);
    }

    [Fact]
    public void Merged_histograms_equal_one_histogram_over_the_union()
    {
        var reference = ReferenceDistribution.FromUnsorted("f", Enumerable.Range(0, 300).Select(i => Math.Sqrt(i)));
        var rng = new Random(3);
        var values = Enumerable.Range(0, 5000).Select(_ => rng.NextDouble() * 20).ToArray();
        var whole = new ReferenceGridHistogram(reference);
        var left = new ReferenceGridHistogram(reference);
        var right = new ReferenceGridHistogram(reference);
        for (var i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            (i % 3 == 0 ? left : right).Add(values[i]);
        }

        left.Merge(right);
        Assert.Equal(whole.KolmogorovSmirnov(), left.KolmogorovSmirnov());
        Assert.Equal(whole.PopulationStabilityIndex(), left.PopulationStabilityIndex());
        Assert.Throws<InvalidOperationException>(() => left.Merge(new ReferenceGridHistogram(
            ReferenceDistribution.FromUnsorted("f", [1.0, 2.0]))));
    }

    [Fact]
    public void Psi_is_zero_for_the_reference_itself_and_matches_the_hand_computed_value_with_empty_bins()
    {
        var reference = ReferenceDistribution.FromUnsorted("f", Enumerable.Range(1, 100).Select(i => (double)i));
        Assert.Equal([9, 19, 29, 39, 49, 59, 69, 79, 89], reference.DecileEdgeIndices);

        var same = new ReferenceGridHistogram(reference);
        for (var i = 1; i <= 100; i++)
        {
            same.Add(i);
        }

        Assert.Equal(0.0, same.PopulationStabilityIndex(), 1e-15);

        // Live uniform on 1..50: five bins at 20 %, five empty bins floored at epsilon = 1e-4.
        var shifted = new ReferenceGridHistogram(reference);
        for (var i = 1; i <= 50; i++)
        {
            shifted.Add(i);
        }

        var expected = (5 * (0.2 - 0.1) * Math.Log(0.2 / 0.1)) + (5 * (1e-4 - 0.1) * Math.Log(1e-4 / 0.1));
        Assert.Equal(expected, shifted.PopulationStabilityIndex(), 1e-12);
    }

    [Fact]
    public void Psi_bins_collapse_for_tied_reference_values_and_grow_with_the_shift()
    {
        // 70 % zeros: deciles 1..7 are all 0, so bins are (-inf, 0], (0, q8], (q8, q9], (q9, inf).
        var referenceValues = Enumerable.Repeat(0.0, 70).Concat(Enumerable.Range(1, 30).Select(i => (double)i)).ToArray();
        var reference = ReferenceDistribution.FromUnsorted("f", referenceValues);
        Assert.Equal(3, reference.DecileEdgeIndices.Length);

        double Psi(double fractionZero)
        {
            var h = new ReferenceGridHistogram(reference);
            var zeros = (int)(fractionZero * 1000);
            for (var i = 0; i < 1000; i++)
            {
                h.Add(i < zeros ? 0 : 1 + (i % 30));
            }

            return h.PopulationStabilityIndex();
        }

        Assert.True(Psi(0.7) < 0.01);
        Assert.True(Psi(0.5) > Psi(0.6));
        Assert.True(Psi(0.6) > Psi(0.7));
    }

    [Fact]
    public void Invalid_reference_or_live_values_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ReferenceDistribution.FromSorted("f", []));
        Assert.Throws<ArgumentException>(() => ReferenceDistribution.FromSorted("f", [2.0, 1.0]));
        Assert.Throws<ArgumentException>(() => ReferenceDistribution.FromSorted("f", [1.0, double.NaN]));
        var histogram = new ReferenceGridHistogram(ReferenceDistribution.FromSorted("f", [1.0]));
        Assert.Throws<ArgumentException>(() => histogram.Add(double.NaN));
        Assert.Throws<InvalidOperationException>(() => histogram.KolmogorovSmirnov());
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
