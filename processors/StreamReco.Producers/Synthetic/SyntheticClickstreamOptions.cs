namespace StreamReco.Producers.Synthetic;

/// <summary>Parameters of the synthetic clickstream. Defaults give a small but realistic e-commerce stream.</summary>
public sealed record SyntheticClickstreamOptions
{
    public int Users { get; init; } = 1_000;

    public int Items { get; init; } = 5_000;

    public int Categories { get; init; } = 50;

    /// <summary>Zipf exponent s of item popularity: the item at rank r is drawn with weight 1 / r^s.</summary>
    public double ItemPopularityExponent { get; init; } = 1.1;

    /// <summary>Probability that a viewed item comes from the user's preferred category rather than the whole catalogue.</summary>
    public double PreferredCategoryProbability { get; init; } = 0.6;

    /// <summary>Mean number of items viewed per session (geometric distribution, at least 1).</summary>
    public double MeanItemsPerSession { get; init; } = 5;

    /// <summary>Upper bound of items viewed per session.</summary>
    public int MaxItemsPerSession { get; init; } = 40;

    /// <summary>Sessions in progress at once; their events interleave in event time.</summary>
    public int ConcurrentSessions { get; init; } = 32;

    public FunnelRates Funnel { get; init; } = FunnelRates.Default;

    /// <summary>Mean event rate in event time (exponential inter-arrival gaps).</summary>
    public double EventsPerSecond { get; init; } = 50;

    public DateTimeOffset StartTime { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public int Seed { get; init; } = 42;

    /// <summary>Number of events to generate; null for an endless stream.</summary>
    public long? MaxEvents { get; init; }

    /// <summary>Fraction of events emitted late: their event time lies up to <see cref="MaxLateness"/> before the stream's clock.</summary>
    public double OutOfOrderFraction { get; init; }

    public TimeSpan MaxLateness { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Optional behaviour change part-way through the stream.</summary>
    public ConceptDrift? Drift { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Users, 1, nameof(Users));
        ArgumentOutOfRangeException.ThrowIfLessThan(Items, 1, nameof(Items));
        ArgumentOutOfRangeException.ThrowIfLessThan(Categories, 1, nameof(Categories));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Categories, Items, nameof(Categories));
        ArgumentOutOfRangeException.ThrowIfNegative(ItemPopularityExponent, nameof(ItemPopularityExponent));
        ArgumentOutOfRangeException.ThrowIfLessThan(MeanItemsPerSession, 1, nameof(MeanItemsPerSession));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxItemsPerSession, 1, nameof(MaxItemsPerSession));
        ArgumentOutOfRangeException.ThrowIfLessThan(ConcurrentSessions, 1, nameof(ConcurrentSessions));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EventsPerSecond, nameof(EventsPerSecond));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxEvents ?? 0, nameof(MaxEvents));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLateness, TimeSpan.Zero, nameof(MaxLateness));
        if (PreferredCategoryProbability is < 0 or > 1 || OutOfOrderFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PreferredCategoryProbability), "Probabilities must be in [0, 1].");
        }

        Funnel.Validate();
        Drift?.Validate();
    }
}
