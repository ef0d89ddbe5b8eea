using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Aggregates;

/// <summary>
/// Everything the feature processor keeps about one item: popularity per window, funnel conversion, trend and first-seen time.
/// Same storage, bounds and as-of semantics as <see cref="UserAggregate"/> (see README, "As-of semantics").
/// </summary>
/// <remarks>
/// <code>
/// popularity_W   = all events on the item in window W (1h, 24h, 7d) as of t
/// x_rate_24h     = (x_24h + LaplaceSuccesses) / (views_24h + LaplaceSuccesses + LaplaceFailures)   x in click, cart, buy (add-one: (x+1)/(v+2))
/// trending_score = (popularity_1h + TrendingPseudoCount) / (popularity_24h / 24 + TrendingPseudoCount)   &gt; 1 means rising
/// first_seen     = earliest event time ever folded (kept forever, not expired)
/// category_id    = category of the latest event &lt;= t while it is in the exact tail, else of the newest event
/// </code>
/// Rates are not clamped: clicks without logged views (deep links) can push a rate above 1, which is itself a signal.
/// </remarks>
public sealed class ItemAggregate
{
    public const long NoEvent = long.MinValue;

    /// <summary>Pseudo-successes of the Laplace (add-one) smoothing of conversion rates.</summary>
    public const double LaplaceSuccesses = 1;

    /// <summary>Pseudo-failures of the Laplace (add-one) smoothing of conversion rates.</summary>
    public const double LaplaceFailures = 1;

    /// <summary>Events per hour added to both sides of the trending ratio, so a first event does not read as an infinite trend.</summary>
    public const double TrendingPseudoCount = 1;

    private const byte FormatMarker = (byte)'I';
    private const byte FormatVersion = 1;

    private readonly AggregateOptions _options;
    private readonly EventTimeHistogram _histogram;
    private long _categoryTime = NoEvent;

    public ItemAggregate(string itemId, AggregateOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        _options = options ?? AggregateOptions.Default;
        _options.Validate();
        ItemId = itemId;
        _histogram = new EventTimeHistogram(_options.MaxExactEvents);
    }

    public string ItemId { get; }

    /// <summary>Category of the newest folded event (empty before the first event).</summary>
    public string CategoryId { get; private set; } = string.Empty;

    /// <summary>Earliest event time folded, or <see cref="NoEvent"/>.</summary>
    public long FirstSeen { get; private set; } = NoEvent;

    /// <summary>Largest event time folded, or <see cref="NoEvent"/>.</summary>
    public long LastEventTime { get; private set; } = NoEvent;

    public bool IsEmpty => LastEventTime == NoEvent;

    public void Add(ClickEvent clickEvent)
    {
        ArgumentNullException.ThrowIfNull(clickEvent);
        if (!string.Equals(clickEvent.ItemId, ItemId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "Event " + clickEvent.EventId + " is about item '" + clickEvent.ItemId + "', not '" + ItemId + "'.", nameof(clickEvent));
        }

        Add(clickEvent.EventTime, clickEvent.Behavior, clickEvent.CategoryId);
    }

    public void Add(long eventTime, Behavior behavior, string categoryId)
    {
        if (!Enum.IsDefined(behavior))
        {
            throw new ArgumentOutOfRangeException(nameof(behavior), behavior, "Unknown behaviour.");
        }

        ArgumentException.ThrowIfNullOrEmpty(categoryId);
        _histogram.Add(eventTime, behavior, categoryId);
        if (eventTime >= _categoryTime)
        {
            _categoryTime = eventTime;
            CategoryId = categoryId;
        }

        FirstSeen = IsEmpty ? eventTime : Math.Min(FirstSeen, eventTime);
        LastEventTime = Math.Max(LastEventTime, eventTime);
        Expire(LastEventTime);
    }

    /// <summary>Drops buckets and exact events older than 7 days + grace behind <paramref name="now"/> (or the newest event).</summary>
    public void Expire(long now)
    {
        var reference = Math.Max(now, LastEventTime);
        if (reference != NoEvent)
        {
            _histogram.Expire(reference, _options);
        }
    }

    public ItemFeatures? Current() => IsEmpty ? null : FeaturesAsOf(LastEventTime);

    /// <summary>Features valid at event time <paramref name="asOf"/>; null when the item had not been seen by then.</summary>
    public ItemFeatures? FeaturesAsOf(long asOf)
    {
        if (IsEmpty || FirstSeen > asOf)
        {
            return null;
        }

        var counts1h = _histogram.CountsAsOf(asOf, FeatureWindows.HourMs, FeatureWindows.OneHourWindowGranularityMs);
        var counts24h = _histogram.CountsAsOf(asOf, FeatureWindows.DayMs, FeatureWindows.LongWindowGranularityMs);
        var counts7d = _histogram.CountsAsOf(asOf, FeatureWindows.SevenDaysMs, FeatureWindows.LongWindowGranularityMs);
        var views = counts24h.View;
        return new ItemFeatures(
            ItemId,
            _histogram.Tail.LatestCategoryAtOrBefore(asOf) ?? CategoryId,
            asOf,
            FirstSeen,
            counts1h.Total,
            counts24h.Total,
            counts7d.Total,
            views,
            ConversionRate(counts24h.Click, views),
            ConversionRate(counts24h.Cart, views),
            ConversionRate(counts24h.Buy, views),
            TrendingScore(counts1h.Total, counts24h.Total));
    }

    /// <summary>Laplace-smoothed <paramref name="conversions"/> / <paramref name="views"/>.</summary>
    public static double ConversionRate(long conversions, long views) =>
        (conversions + LaplaceSuccesses) / (views + LaplaceSuccesses + LaplaceFailures);

    /// <summary>Last-hour event rate over the average hourly rate of the last 24 hours, smoothed.</summary>
    public static double TrendingScore(long lastHour, long last24Hours) =>
        (lastHour + TrendingPseudoCount) / ((last24Hours / 24.0) + TrendingPseudoCount);

    public byte[] ToBytes()
    {
        var writer = new StateWriter();
        writer.WriteByte(FormatMarker);
        writer.WriteByte(FormatVersion);
        writer.WriteString(ItemId);
        writer.WriteString(CategoryId);
        writer.WriteTime(_categoryTime);
        writer.WriteTime(FirstSeen);
        writer.WriteTime(LastEventTime);
        _histogram.Write(writer);
        return writer.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not an item aggregate written by <see cref="ToBytes"/>.</exception>
    public static ItemAggregate FromBytes(ReadOnlySpan<byte> bytes, AggregateOptions? options = null)
    {
        try
        {
            var reader = new StateReader(bytes);
            if (reader.ReadByte() != FormatMarker)
            {
                throw new InvalidDataException("Not an item aggregate.");
            }

            var version = reader.ReadByte();
            if (version != FormatVersion)
            {
                throw new InvalidDataException("Unsupported item aggregate format version " + version + ".");
            }

            var aggregate = new ItemAggregate(reader.ReadString(), options)
            {
                CategoryId = reader.ReadString(),
            };
            aggregate._categoryTime = reader.ReadTime();
            aggregate.FirstSeen = reader.ReadTime();
            aggregate.LastEventTime = reader.ReadTime();
            if (aggregate.FirstSeen > aggregate.LastEventTime)
            {
                throw new InvalidDataException("Item first seen after its last event.");
            }

            aggregate._histogram.Read(ref reader);
            reader.EnsureEnd();
            return aggregate;
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentException)
        {
            throw new InvalidDataException("Corrupt item aggregate: " + ex.Message, ex);
        }
    }
}
