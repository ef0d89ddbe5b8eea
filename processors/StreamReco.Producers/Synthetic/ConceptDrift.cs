namespace StreamReco.Producers.Synthetic;

/// <summary>
/// A behaviour change part-way through the stream. It starts at the first event whose index reaches
/// <see cref="AfterEvents"/> or whose event time reaches <see cref="AtEventTime"/> (whichever is set and comes first).
/// </summary>
public sealed record ConceptDrift
{
    /// <summary>Zero-based index of the first event generated under the drifted behaviour.</summary>
    public long? AfterEvents { get; init; }

    /// <summary>Event time from which the drifted behaviour applies.</summary>
    public DateTimeOffset? AtEventTime { get; init; }

    /// <summary>Item popularity ranks rotate by this many places: the item at rank r moves to rank r + shift (mod items).</summary>
    public int PopularityRankShift { get; init; } = 97;

    /// <summary>Funnel after the drift; null keeps the pre-drift funnel.</summary>
    public FunnelRates? Funnel { get; init; } = new(ClickGivenView: 0.15, CartGivenClick: 0.40, FavGivenClick: 0.05, ShareGivenClick: 0.02, BuyGivenCart: 0.60);

    /// <summary>Every user's preferred category moves by this many categories (mod categories).</summary>
    public int CategoryPreferenceShift { get; init; } = 1;

    internal void Validate()
    {
        if (AfterEvents is null && AtEventTime is null)
        {
            throw new ArgumentException("ConceptDrift needs AfterEvents or AtEventTime.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(AfterEvents ?? 0, nameof(AfterEvents));
        ArgumentOutOfRangeException.ThrowIfNegative(PopularityRankShift, nameof(PopularityRankShift));
        ArgumentOutOfRangeException.ThrowIfNegative(CategoryPreferenceShift, nameof(CategoryPreferenceShift));
        Funnel?.Validate();
    }
}
