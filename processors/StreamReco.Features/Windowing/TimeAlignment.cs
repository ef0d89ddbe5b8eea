namespace StreamReco.Features.Windowing;

/// <summary>Floor/ceiling of epoch-millisecond times to a grid, correct for negative times and saturating at the extremes.</summary>
public static class TimeAlignment
{
    /// <summary>Largest multiple of <paramref name="granularity"/> that is &lt;= <paramref name="time"/>.</summary>
    public static long Floor(long time, long granularity)
    {
        ValidateGranularity(granularity);
        if (time == long.MinValue)
        {
            return long.MinValue;
        }

        var remainder = time % granularity;
        if (remainder < 0)
        {
            remainder += granularity;
        }

        return time - remainder;
    }

    /// <summary>Smallest multiple of <paramref name="granularity"/> that is &gt;= <paramref name="time"/>; <see cref="long.MinValue"/> stays itself.</summary>
    public static long Ceiling(long time, long granularity)
    {
        var floor = Floor(time, granularity);
        if (floor == time)
        {
            return time;
        }

        return floor > long.MaxValue - granularity ? long.MaxValue : floor + granularity;
    }

    /// <summary><paramref name="time"/> + <paramref name="delta"/> clamped to the long range (stream time starts at <see cref="long.MinValue"/>).</summary>
    public static long SaturatingAdd(long time, long delta)
    {
        if (delta >= 0)
        {
            return time > long.MaxValue - delta ? long.MaxValue : time + delta;
        }

        return time < long.MinValue - delta ? long.MinValue : time + delta;
    }

    private static void ValidateGranularity(long granularity)
    {
        if (granularity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(granularity), granularity, "Granularity must be positive.");
        }
    }
}
