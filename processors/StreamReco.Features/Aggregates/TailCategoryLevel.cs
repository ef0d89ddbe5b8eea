namespace StreamReco.Features.Aggregates;

/// <summary>The exact tail seen as a single-counter level that counts only one category's events.</summary>
internal sealed class TailCategoryLevel(ExactEventTail tail, string category) : ICountLevel
{
    public long Granularity => 1;

    public long CoverageStart => tail.CoverageStart;

    public void SumInto(long from, long to, Span<long> sums) => sums[0] += tail.CountCategory(category, from, to);
}
