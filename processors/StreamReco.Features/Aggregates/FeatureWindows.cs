namespace StreamReco.Features.Aggregates;

/// <summary>Window sizes and bucket granularities of the feature aggregates, in epoch milliseconds.</summary>
public static class FeatureWindows
{
    public const long MinuteMs = 60_000;
    public const long HourMs = 60 * MinuteMs;
    public const long DayMs = 24 * HourMs;
    public const long SevenDaysMs = 7 * DayMs;

    /// <summary>Bucket granularity of the 1-hour window.</summary>
    public const long OneHourWindowGranularityMs = MinuteMs;

    /// <summary>Bucket granularity of the 24-hour and 7-day windows.</summary>
    public const long LongWindowGranularityMs = HourMs;
}
