using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Tests;

/// <summary>Event-time helpers: T0 is midnight UTC, so it is aligned to minutes, hours and days.</summary>
internal static class Times
{
    public static readonly long T0 = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;

    public static long At(TimeSpan offset) => T0 + Ms(offset);

    public static long Seconds(double s) => (long)(s * 1000);

    public static long Minutes(double m) => (long)(m * 60_000);

    public static long Hours(double h) => (long)(h * 3_600_000);

    public static long Days(double d) => (long)(d * 86_400_000);

    public static ClickEvent Click(string user, string item, Behavior behavior, long time, string category = "c1") =>
        new("e-" + user + "-" + item + "-" + time + "-" + behavior, user, item, category, behavior, time);
}
