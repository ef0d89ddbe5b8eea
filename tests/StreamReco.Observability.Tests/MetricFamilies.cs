namespace StreamReco.Observability.Tests;

/// <summary>The metric families of a Prometheus text exposition (from its # TYPE lines), with their types.</summary>
public sealed class MetricFamilies
{
    private static readonly string[] SeriesSuffixes = ["_bucket", "_sum", "_count"];

    private readonly Dictionary<string, string> _types;

    private MetricFamilies(Dictionary<string, string> types) => _types = types;

    public IReadOnlyCollection<string> Names => _types.Keys;

    public static MetricFamilies Parse(string exposition)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 4 && parts[0] == "#" && parts[1] == "TYPE")
            {
                types[parts[2]] = parts[3];
            }
        }

        return new MetricFamilies(types);
    }

    /// <summary>Whether <paramref name="series"/> is a family or a histogram/summary's _bucket, _sum or _count series.</summary>
    public bool Exports(string series)
    {
        if (_types.ContainsKey(series))
        {
            return true;
        }

        foreach (var suffix in SeriesSuffixes)
        {
            if (series.EndsWith(suffix, StringComparison.Ordinal)
                && _types.TryGetValue(series[..^suffix.Length], out var type)
                && (type == "histogram" || (type == "summary" && suffix != "_bucket")))
            {
                return true;
            }
        }

        return false;
    }
}
