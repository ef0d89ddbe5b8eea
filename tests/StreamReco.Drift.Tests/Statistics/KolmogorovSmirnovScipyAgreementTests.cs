using StreamReco.Drift.Statistics;
using Xunit.Abstractions;

namespace StreamReco.Drift.Tests.Statistics;

/// <summary>
/// Agreement with scipy 1.10.1 on vectors/ks_2samp_vectors.json: |D - D_scipy| &lt;= 1e-9 and
/// |p - p_scipy| &lt;= 1e-6 p_scipy (values below 1e-300 count as 0). Failures list every offending case.
/// </summary>
public sealed class KolmogorovSmirnovScipyAgreementTests(ITestOutputHelper output)
{
    [Fact]
    public void Two_sample_statistic_and_p_value_match_scipy_ks_2samp_on_every_vector()
    {
        var failures = new List<string>();
        double maxAbsD = 0, maxRelExact = 0, maxRelAsymptotic = 0;
        int exact = 0, asymptotic = 0;
        foreach (var c in ScipyKsVectors.TwoSampleCases)
        {
            var name = c.GetProperty("name").GetString();
            var expectedD = c.GetProperty("statistic").GetDouble();
            var expectedP = c.GetProperty("pvalue").GetDouble();
            var expectedMethod = c.GetProperty("method").GetString() == "exact" ? KsMethod.Exact : KsMethod.Asymptotic;

            var result = KolmogorovSmirnovTest.TwoSample(
                ScipyKsVectors.Materialise(c.GetProperty("x")), ScipyKsVectors.Materialise(c.GetProperty("y")));

            var absD = Math.Abs(result.Statistic - expectedD);
            var relP = ScipyKsVectors.RelativeError(result.PValue, expectedP);
            maxAbsD = Math.Max(maxAbsD, absD);
            if (result.Method == KsMethod.Exact)
            {
                exact++;
                maxRelExact = Math.Max(maxRelExact, relP);
            }
            else
            {
                asymptotic++;
                maxRelAsymptotic = Math.Max(maxRelAsymptotic, relP);
            }

            if (result.Method != expectedMethod || !(absD <= ScipyKsVectors.StatisticAbsoluteTolerance)
                || !(relP <= ScipyKsVectors.PValueRelativeTolerance))
            {
                failures.Add($"{name}: {result} vs scipy D={expectedD:R} p={expectedP:R} ({expectedMethod}), rel dp {relP:E3}");
            }
        }

        output.WriteLine(
            $"ks_2samp: {exact} exact + {asymptotic} asymptotic cases; max |dD| {maxAbsD:E3}; "
            + $"max rel dp exact {maxRelExact:E3}, asymptotic {maxRelAsymptotic:E3}");
        Assert.True(exact >= 20 && asymptotic >= 20, "the vectors must exercise both p-value paths");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Kstwo_survival_matches_scipy_on_every_branch()
    {
        var failures = new List<string>();
        var maxRel = 0.0;
        var count = 0;
        foreach (var c in ScipyKsVectors.KstwoCases)
        {
            var n = c.GetProperty("n").GetInt32();
            var d = c.GetProperty("d").GetDouble();
            var expected = c.GetProperty("sf").GetDouble();
            var actual = KolmogorovDistribution.Survival(n, d);
            var rel = ScipyKsVectors.RelativeError(actual, expected);
            maxRel = Math.Max(maxRel, double.IsNaN(rel) ? double.PositiveInfinity : rel);
            count++;
            if (!(rel <= ScipyKsVectors.PValueRelativeTolerance))
            {
                failures.Add($"n={n} d={d:R} nd2={n * d * d:G6}: got {actual:R}, scipy {expected:R}, rel {rel:E3}");
            }
        }

        output.WriteLine($"kstwo.sf: {count} cases, max relative error {maxRel:E3}");
        Assert.True(count > 500);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
