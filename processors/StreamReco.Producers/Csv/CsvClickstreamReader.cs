using System.Globalization;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Producers.Csv;

/// <summary>
/// Reads clickstream CSV (<c>user_id,item_id,category_id,behavior_type,timestamp</c>, the Taobao UserBehavior layout)
/// lazily in file order. Behaviours: pv/view, click, cart, fav, share, buy (any case). Timestamps are epoch seconds,
/// or epoch milliseconds when above 1e11. A malformed row never stops the read and is never dropped silently: it is
/// counted, kept in <see cref="BadRows"/> (up to a bound) and passed to the callback with its line number and reason.
/// Not thread-safe: one reader per file.
/// </summary>
public sealed class CsvClickstreamReader
{
    private const int ColumnCount = 5;
    private const long MillisecondsThreshold = 100_000_000_000;

    private readonly CsvClickstreamOptions _options;
    private readonly Action<CsvBadRow>? _onBadRow;
    private readonly List<CsvBadRow> _badRows = [];

    public CsvClickstreamReader(CsvClickstreamOptions? options = null, Action<CsvBadRow>? onBadRow = null)
    {
        _options = options ?? new CsvClickstreamOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxBadRowsKept, nameof(options));
        _onBadRow = onBadRow;
    }

    /// <summary>Data lines seen (header excluded), good or bad.</summary>
    public long RowsRead { get; private set; }

    /// <summary>Events produced.</summary>
    public long EventsRead { get; private set; }

    public long BadRowCount { get; private set; }

    /// <summary>The first <see cref="CsvClickstreamOptions.MaxBadRowsKept"/> bad rows.</summary>
    public IReadOnlyList<CsvBadRow> BadRows => _badRows;

    public IEnumerable<ClickEvent> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var reader = new StreamReader(path);
        foreach (var clickEvent in Read(reader))
        {
            yield return clickEvent;
        }
    }

    public IEnumerable<ClickEvent> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (lineNumber == 1 && IsHeader(line))
            {
                continue;
            }

            RowsRead++;
            var clickEvent = ParseRow(line, lineNumber, out var reason);
            if (clickEvent is null)
            {
                ReportBadRow(new CsvBadRow(lineNumber, reason!, line));
                continue;
            }

            EventsRead++;
            yield return clickEvent;
        }
    }

    /// <summary>Maps a behaviour name of the dataset (pv, cart, fav, buy) or of our schema (view, click, share, ...) to <see cref="Behavior"/>.</summary>
    public static bool TryParseBehavior(ReadOnlySpan<char> text, out Behavior behavior)
    {
        behavior = text switch
        {
            _ when text.Equals("pv", StringComparison.OrdinalIgnoreCase) || text.Equals("view", StringComparison.OrdinalIgnoreCase) => Behavior.View,
            _ when text.Equals("click", StringComparison.OrdinalIgnoreCase) => Behavior.Click,
            _ when text.Equals("cart", StringComparison.OrdinalIgnoreCase) => Behavior.Cart,
            _ when text.Equals("fav", StringComparison.OrdinalIgnoreCase) => Behavior.Fav,
            _ when text.Equals("share", StringComparison.OrdinalIgnoreCase) => Behavior.Share,
            _ when text.Equals("buy", StringComparison.OrdinalIgnoreCase) => Behavior.Buy,
            _ => (Behavior)(-1),
        };
        return behavior >= 0;
    }

    /// <summary>Parses an epoch timestamp: seconds, or milliseconds when above 1e11.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out long epochMillis)
    {
        epochMillis = 0;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            return false;
        }

        epochMillis = value > MillisecondsThreshold ? value : value * 1000;
        return true;
    }

    private bool IsHeader(string line)
    {
        if (_options.HasHeader is { } hasHeader)
        {
            return hasHeader;
        }

        var columns = line.Split(_options.Delimiter);
        return columns.Length == ColumnCount && !long.TryParse(Unquote(columns[4]), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
    }

    private ClickEvent? ParseRow(string line, long lineNumber, out string? reason)
    {
        reason = null;
        if (string.IsNullOrWhiteSpace(line))
        {
            reason = "blank line";
            return null;
        }

        var columns = line.Split(_options.Delimiter);
        if (columns.Length != ColumnCount)
        {
            reason = $"expected {ColumnCount} columns (user_id,item_id,category_id,behavior_type,timestamp), found {columns.Length}";
            return null;
        }

        var userId = Unquote(columns[0]);
        var itemId = Unquote(columns[1]);
        var categoryId = Unquote(columns[2]);
        var behaviorText = Unquote(columns[3]);
        var timestampText = Unquote(columns[4]);
        if (userId.Length == 0 || itemId.Length == 0 || categoryId.Length == 0)
        {
            reason = "empty user_id, item_id or category_id";
            return null;
        }

        if (!TryParseBehavior(behaviorText, out var behavior))
        {
            reason = $"unknown behavior_type '{behaviorText}'";
            return null;
        }

        if (!TryParseTimestamp(timestampText, out var eventTime))
        {
            reason = $"timestamp '{timestampText}' is not a non-negative integer";
            return null;
        }

        var clickEvent = new ClickEvent(
            _options.EventIdPrefix + lineNumber.ToString(CultureInfo.InvariantCulture), userId, itemId, categoryId, behavior, eventTime);
        if (_options.Validator?.Check(clickEvent) is { } invalid)
        {
            reason = invalid;
            return null;
        }

        return clickEvent;
    }

    private void ReportBadRow(CsvBadRow badRow)
    {
        BadRowCount++;
        if (_badRows.Count < _options.MaxBadRowsKept)
        {
            _badRows.Add(badRow);
        }

        _onBadRow?.Invoke(badRow);
    }

    private static string Unquote(string field)
    {
        var trimmed = field.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1].Trim() : trimmed;
    }
}
