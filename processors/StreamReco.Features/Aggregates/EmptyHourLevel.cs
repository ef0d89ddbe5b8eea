namespace StreamReco.Features.Aggregates;

/// <summary>An hour level with nothing in it, for categories seen only in the exact tail.</summary>
internal sealed class EmptyHourLevel : ICountLevel
{
    public static readonly EmptyHourLevel Instance = new();

    public long Granularity => FeatureWindows.HourMs;

    public long CoverageStart => long.MinValue;

    public void SumInto(long from, long to, Span<long> sums)
    {
    }
}
