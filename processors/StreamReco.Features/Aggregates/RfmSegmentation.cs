using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Aggregates;

/// <summary>
/// RFM scores and segments of a user, evaluated as of an event time t.
/// </summary>
/// <remarks>
/// <para>Scores (lower bounds inclusive, upper bounds exclusive; "events" = all behaviours in the 7-day window as of t,
/// "buys" = BUY events in the same window, "since last" = t minus the latest event time &lt;= t):</para>
/// <code>
/// score | recency: since last | frequency: 7d events | monetary: 7d buys
///   5   | &lt; 1 hour             | &gt;= 50                | &gt;= 5
///   4   | 1 hour .. &lt; 1 day     | 20 .. 49              | 3 .. 4
///   3   | 1 day .. &lt; 3 days     | 8 .. 19               | 2
///   2   | 3 days .. &lt; 7 days    | 3 .. 7                | 1
///   1   | &gt;= 7 days or never    | 0 .. 2                | 0
/// </code>
/// <para>Segments, first matching rule wins:</para>
/// <code>
/// CHURNED | R = 1                      (no event in the last 7 days)
/// CORE    | R &gt;= 4 and F &gt;= 4 and M &gt;= 3  (active today, 20+ events and 2+ buys in 7 days)
/// ACTIVE  | R &gt;= 3 and F &gt;= 3            (active within 3 days, 8+ events in 7 days)
/// NORMAL  | otherwise                  (seen within 7 days, light engagement)
/// </code>
/// </remarks>
public static class RfmSegmentation
{
    /// <summary>Upper bounds (exclusive) of "time since last event" for recency scores 5, 4, 3, 2.</summary>
    public static readonly IReadOnlyList<TimeSpan> RecencyBounds =
        [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7)];

    /// <summary>Lower bounds (inclusive) of 7-day event counts for frequency scores 5, 4, 3, 2.</summary>
    public static readonly IReadOnlyList<long> FrequencyBounds = [50, 20, 8, 3];

    /// <summary>Lower bounds (inclusive) of 7-day buys for monetary scores 5, 4, 3, 2.</summary>
    public static readonly IReadOnlyList<long> MonetaryBounds = [5, 3, 2, 1];

    /// <summary>Scores a user. <paramref name="sinceLastEvent"/> is null for a user with no event at or before the as-of time.</summary>
    public static RfmScore Score(TimeSpan? sinceLastEvent, long events7d, long buys7d)
    {
        var recency = 1;
        if (sinceLastEvent is { } since)
        {
            if (since < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(sinceLastEvent), since, "The last event cannot be after the as-of time.");
            }

            recency = ScoreBelow(since, RecencyBounds);
        }

        return new RfmScore(recency, ScoreAtLeast(events7d, FrequencyBounds), ScoreAtLeast(buys7d, MonetaryBounds));
    }

    public static UserSegment Segment(RfmScore score)
    {
        if (score.Recency <= 1)
        {
            return UserSegment.Churned;
        }

        if (score.Recency >= 4 && score.Frequency >= 4 && score.Monetary >= 3)
        {
            return UserSegment.Core;
        }

        if (score.Recency >= 3 && score.Frequency >= 3)
        {
            return UserSegment.Active;
        }

        return UserSegment.Normal;
    }

    private static int ScoreBelow(TimeSpan value, IReadOnlyList<TimeSpan> upperBounds)
    {
        for (var i = 0; i < upperBounds.Count; i++)
        {
            if (value < upperBounds[i])
            {
                return 5 - i;
            }
        }

        return 1;
    }

    private static int ScoreAtLeast(long value, IReadOnlyList<long> lowerBounds)
    {
        for (var i = 0; i < lowerBounds.Count; i++)
        {
            if (value >= lowerBounds[i])
            {
                return 5 - i;
            }
        }

        return 1;
    }
}
