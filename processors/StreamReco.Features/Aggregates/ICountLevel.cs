namespace StreamReco.Features.Aggregates;

/// <summary>
/// One resolution of an event-time histogram. It holds every folded event with time &gt;= <see cref="CoverageStart"/>
/// (events before it were expired or never kept) and can sum any interval whose ends are multiples of <see cref="Granularity"/>.
/// </summary>
internal interface ICountLevel
{
    long Granularity { get; }

    /// <summary>Aligned to <see cref="Granularity"/>; <see cref="long.MinValue"/> when nothing was ever expired.</summary>
    long CoverageStart { get; }

    /// <summary>Adds the counts of events with <paramref name="from"/> &lt;= time &lt; <paramref name="to"/> to <paramref name="sums"/>.</summary>
    void SumInto(long from, long to, Span<long> sums);
}
