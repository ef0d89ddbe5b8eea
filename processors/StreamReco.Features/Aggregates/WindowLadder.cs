using StreamReco.Features.Windowing;

namespace StreamReco.Features.Aggregates;

/// <summary>
/// Sums an event-time interval over several resolutions of the same events, finest first, without counting anything twice
/// and without ever counting an event later than the interval's end.
/// </summary>
/// <remarks>
/// The interval is [<c>from</c>, <c>to</c>) with <c>from</c> aligned to the coarsest level's granularity. Walking down from
/// <c>to</c>, each level counts down to a hand-off point where a coarser level takes over: the point aligned to the coarsest
/// grid that the level still holds (coarser levels are retained longer), else one aligned to a finer coarser grid. A level must at least cover the partial coarser bucket that contains the current upper end: a coarser
/// bucket there would include events after <c>to</c>. When it cannot (its coverage was expired or capped), the uncovered
/// part is skipped: the result then undercounts, but never leaks later events.
/// </remarks>
internal static class WindowLadder
{
    public static void Sum(ReadOnlySpan<ICountLevel> levels, long from, long to, Span<long> sums)
    {
        var upper = to;
        for (var i = 0; i < levels.Length && upper > from; i++)
        {
            var level = levels[i];
            var covered = Math.Max(from, level.CoverageStart);
            if (i == levels.Length - 1)
            {
                if (covered < upper)
                {
                    level.SumInto(covered, upper, sums);
                }

                return;
            }

            var mustCoverFrom = TimeAlignment.Floor(upper, levels[i + 1].Granularity);
            var handOff = long.MaxValue;
            for (var j = levels.Length - 1; j > i; j--)
            {
                var candidate = Math.Max(from, TimeAlignment.Ceiling(level.CoverageStart, levels[j].Granularity));
                if (candidate <= mustCoverFrom)
                {
                    handOff = candidate;
                    break;
                }
            }

            if (handOff != long.MaxValue)
            {
                level.SumInto(handOff, upper, sums);
                upper = handOff;
            }
            else
            {
                if (covered < upper)
                {
                    level.SumInto(covered, upper, sums);
                }

                upper = mustCoverFrom;
            }
        }
    }
}
