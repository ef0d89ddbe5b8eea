namespace StreamReco.Features.Aggregates;

/// <summary>The exact tail seen as a single-counter level that counts only one category's events.</summary>
internal sealed class TailCategoryLevel(TailCategoryCounts counts, string category) : ICountLevel
{
    public long Granularity => 1;

    public long CoverageStart => counts.Tail.CoverageStart;

    public void SumInto(long from, long to, Span<long> sums) => sums[0] += counts.Count(category, from, to);
}
