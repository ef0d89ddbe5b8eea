using System.Text.Json;

namespace StreamReco.Drift.Tests.Statistics;

/// <summary>Loads vectors/ks_2samp_vectors.json written by vectors/generate_ks_vectors.py (scipy 1.10.1).</summary>
public static class ScipyKsVectors
{
    public const double StatisticAbsoluteTolerance = 1e-9;
    public const double PValueRelativeTolerance = 1e-6;

    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "ks_2samp_vectors.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static IEnumerable<JsonElement> TwoSampleCases => Root.GetProperty("two_sample").EnumerateArray();

    public static IEnumerable<JsonElement> KstwoCases => Root.GetProperty("kstwo_sf").EnumerateArray();

    public static double[] Materialise(JsonElement sample)
    {
        if (sample.TryGetProperty("grid", out var grid))
        {
            var start = grid.GetProperty("start").GetDouble();
            var step = grid.GetProperty("step").GetDouble();
            var count = grid.GetProperty("count").GetInt32();
            var values = new double[count];
            for (var i = 0; i < count; i++)
            {
                // Same IEEE evaluation as the generator's start + step * i.
                values[i] = start + (step * i);
            }

            return values;
        }

        return [.. sample.GetProperty("values").EnumerateArray().Select(v => v.GetDouble())];
    }

    /// <summary>Relative error, with values below 1e-300 (subnormal territory, no relative precision) treated as 0.</summary>
    public static double RelativeError(double actual, double expected)
    {
        const double Floor = 1e-300;
        if (Math.Abs(expected) < Floor && Math.Abs(actual) < Floor)
        {
            return 0;
        }

        return Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), Floor);
    }
}
