using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace StreamReco.Cli.Configuration;

/// <summary>
/// Reads typed settings and collects every bad value with a message naming the key, the value and the
/// expected range, so a user sees all mistakes at once instead of one exception at a time.
/// </summary>
public sealed class SettingsReader(IConfiguration configuration)
{
    private readonly List<string> _problems = [];

    public string? String(string key, string? fallback = null)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
    }

    /// <summary>A whole number within [min, max]; parsed as a long, so the bounds check also covers int overflow.</summary>
    public int Int(string key, int fallback, int min, int max) => (int)Long(key, fallback, min, max);

    public long Long(string key, long fallback, long min, long max)
    {
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            _problems.Add(key + " = '" + raw + "': expected a whole number from " + min + " to " + max + ".");
            return fallback;
        }

        return value;
    }

    public double Double(string key, double fallback, double min, double max)
    {
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
        {
            _problems.Add(key + " = '" + raw + "': expected a number from " + min.ToString(CultureInfo.InvariantCulture)
                + " to " + max.ToString(CultureInfo.InvariantCulture) + ".");
            return fallback;
        }

        return value;
    }

    public TEnum Enum<TEnum>(string key, TEnum fallback)
        where TEnum : struct, Enum
    {
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!System.Enum.TryParse<TEnum>(raw.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var value))
        {
            _problems.Add(key + " = '" + raw + "': expected one of " + string.Join(", ", System.Enum.GetNames<TEnum>()) + ".");
            return fallback;
        }

        return value;
    }

    /// <summary>A host:port[,host:port] list, or null when unset.</summary>
    public string? Bootstrap(string key)
    {
        var raw = String(key);
        if (raw is null)
        {
            return null;
        }

        foreach (var server in raw.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                _problems.Add(key + " = '" + raw + "': expected host:port[,host:port...], e.g. localhost:9092.");
                return null;
            }
        }

        return raw;
    }

    public void Problem(string message) => _problems.Add(message);

    /// <summary>Throws one exception listing every problem found so far.</summary>
    public void ThrowIfInvalid()
    {
        if (_problems.Count > 0)
        {
            throw new ConfigurationException(_problems);
        }
    }
}
