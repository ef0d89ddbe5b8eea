using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Aggregates;

/// <summary>
/// Everything the feature processor keeps about one user, folded event by event (in any order), serialisable to compact bytes
/// for a changelogged key-value store, and able to answer <see cref="FeaturesAsOf"/> for any event time.
/// </summary>
/// <remarks>
/// <para><b>Point-in-time contract.</b> <c>FeaturesAsOf(t)</c> reflects only events with event time &lt;= t, even when later
/// (out-of-order) events were already folded in. Window membership is bucketed (see README, "As-of semantics"):</para>
/// <list type="bullet">
/// <item>counts_1h covers event times in [floor(t, 1 min) + 1 min - 1 h, t]; counts_24h and counts_7d cover
/// [floor(t, 1 h) + 1 h - 24 h (7 d), t]. So a window spans between W - g and W (g = bucket size) and always ends exactly at t.</item>
/// <item>The newest, partial bucket is counted from the exact event tail, never from its bucket (which may hold events after t).
/// When the tail no longer reaches back that far (more than <see cref="AggregateOptions.MaxExactEvents"/> newer events, or t older
/// than the retention), that part is left out: results may undercount, but never include events after t.</item>
/// <item>top_categories: the same 7-day window; shares = category count / max(7-day events, sum of category counts).</item>
/// <item>session_count_7d: sessions with an event in (t - 7 d, t]; exact.</item>
/// <item>last_event_time / seconds_since_previous_event: exact while t is at or after the latest event dropped from the tail;
/// for older t they are approximated from session boundaries (still only events &lt;= t).</item>
/// </list>
/// <para>Memory per user is bounded: at most MaxExactEvents exact events, ~2 h of minute buckets, 7 d + grace of hour buckets,
/// MaxTrackedCategories categories with hourly counts, and the sessions of 7 d + grace.</para>
/// </remarks>
public sealed class UserAggregate
{
    /// <summary>Returned by <see cref="LastEventTime"/> before any event was folded.</summary>
    public const long NoEvent = long.MinValue;

    private const byte FormatMarker = (byte)'U';
    private const byte FormatVersion = 1;

    private readonly AggregateOptions _options;
    private readonly EventTimeHistogram _histogram;
    private readonly CategoryPreferences _categories;
    private readonly SessionTracker _sessions;

    public UserAggregate(string userId, AggregateOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        _options = options ?? AggregateOptions.Default;
        _options.Validate();
        UserId = userId;
        _histogram = new EventTimeHistogram(_options.MaxExactEvents);
        _categories = new CategoryPreferences(_options.MaxTrackedCategories);
        _sessions = new SessionTracker(_options.SessionGapMs);
    }

    public string UserId { get; }

    /// <summary>Largest event time folded so far, or <see cref="NoEvent"/>.</summary>
    public long LastEventTime { get; private set; } = NoEvent;

    public bool IsEmpty => LastEventTime == NoEvent;

    /// <summary>Folds one event of this user (any order). Expires state older than 7 days + grace behind the newest event.</summary>
    public void Add(ClickEvent clickEvent)
    {
        ArgumentNullException.ThrowIfNull(clickEvent);
        if (!string.Equals(clickEvent.UserId, UserId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "Event " + clickEvent.EventId + " belongs to user '" + clickEvent.UserId + "', not '" + UserId + "'.", nameof(clickEvent));
        }

        Add(clickEvent.EventTime, clickEvent.Behavior, clickEvent.CategoryId);
    }

    /// <summary>Folds one event given by its parts.</summary>
    public void Add(long eventTime, Behavior behavior, string categoryId)
    {
        if (!Enum.IsDefined(behavior))
        {
            throw new ArgumentOutOfRangeException(nameof(behavior), behavior, "Unknown behaviour.");
        }

        ArgumentException.ThrowIfNullOrEmpty(categoryId);
        var newest = Math.Max(LastEventTime, eventTime);
        _histogram.Add(eventTime, behavior, categoryId);
        if (eventTime >= newest - _options.LongRetentionMs)
        {
            _categories.Add(eventTime, categoryId);
            _sessions.Add(eventTime);
        }

        LastEventTime = newest;
        Expire(newest);
    }

    /// <summary>Drops state that no as-of query at or after <paramref name="now"/> - grace can need (older than 7 days + grace).</summary>
    public void Expire(long now)
    {
        var reference = Math.Max(now, LastEventTime);
        if (reference == NoEvent)
        {
            return;
        }

        _histogram.Expire(reference, _options);
        var cutoff = reference - _options.LongRetentionMs;
        _categories.ExpireBefore(cutoff);
        _sessions.ExpireBefore(cutoff);
    }

    /// <summary>Features as of the newest folded event; null before the first event.</summary>
    public UserFeatures? Current() => IsEmpty ? null : FeaturesAsOf(LastEventTime);

    /// <summary>
    /// Features valid at event time <paramref name="asOf"/>, using only events with event time &lt;= asOf (see remarks).
    /// Null when no event at or before <paramref name="asOf"/> is known (the "unknown user" of <see cref="FeatureVector"/>).
    /// </summary>
    public UserFeatures? FeaturesAsOf(long asOf)
    {
        if (!TryLatestTwo(asOf, out var latest, out var previous))
        {
            return null;
        }

        var counts1h = _histogram.CountsAsOf(asOf, FeatureWindows.HourMs, FeatureWindows.OneHourWindowGranularityMs);
        var counts24h = _histogram.CountsAsOf(asOf, FeatureWindows.DayMs, FeatureWindows.LongWindowGranularityMs);
        var counts7d = _histogram.CountsAsOf(asOf, FeatureWindows.SevenDaysMs, FeatureWindows.LongWindowGranularityMs);
        var top = _categories.TopShares(asOf, _histogram.Tail, counts7d.Total, _options.TopCategoryCount);
        var sessions = _sessions.CountAsOf(asOf, FeatureWindows.SevenDaysMs);
        var rfm = RfmSegmentation.Score(TimeSpan.FromMilliseconds(asOf - latest), counts7d.Total, counts7d.Buy);
        var gapSeconds = previous == ExactEventTail.NoTime ? -1.0 : (latest - previous) / 1000.0;
        return new UserFeatures(
            UserId,
            asOf,
            counts1h,
            counts24h,
            counts7d,
            top,
            latest,
            gapSeconds,
            sessions,
            rfm.Recency,
            rfm.Frequency,
            rfm.Monetary,
            RfmSegmentation.Segment(rfm));
    }

    public byte[] ToBytes()
    {
        var writer = new StateWriter();
        writer.WriteByte(FormatMarker);
        writer.WriteByte(FormatVersion);
        writer.WriteString(UserId);
        writer.WriteTime(LastEventTime);
        _histogram.Write(writer);
        _categories.Write(writer);
        _sessions.Write(writer);
        return writer.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a user aggregate written by <see cref="ToBytes"/>.</exception>
    public static UserAggregate FromBytes(ReadOnlySpan<byte> bytes, AggregateOptions? options = null)
    {
        try
        {
            var reader = new StateReader(bytes);
            if (reader.ReadByte() != FormatMarker)
            {
                throw new InvalidDataException("Not a user aggregate.");
            }

            var version = reader.ReadByte();
            if (version != FormatVersion)
            {
                throw new InvalidDataException("Unsupported user aggregate format version " + version + ".");
            }

            var aggregate = new UserAggregate(reader.ReadString(), options);
            aggregate.LastEventTime = reader.ReadTime();
            aggregate._histogram.Read(ref reader);
            aggregate._categories.Read(ref reader);
            aggregate._sessions.Read(ref reader);
            reader.EnsureEnd();
            return aggregate;
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentException)
        {
            throw new InvalidDataException("Corrupt user aggregate: " + ex.Message, ex);
        }
    }

    private bool TryLatestTwo(long asOf, out long latest, out long previous)
    {
        if (!_histogram.Tail.TryLatestTwo(asOf, out latest, out previous))
        {
            // asOf is older than events the tail has forgotten: approximate from session boundaries (real events <= asOf).
            latest = ExactEventTail.NoTime;
            previous = ExactEventTail.NoTime;
            if (_sessions.TryLatestStartedBy(asOf, out var session, out var before))
            {
                latest = session.Last <= asOf ? session.Last : session.First;
                previous = session.First < latest ? session.First : before?.Last ?? ExactEventTail.NoTime;
            }
        }

        return latest != ExactEventTail.NoTime;
    }
}
