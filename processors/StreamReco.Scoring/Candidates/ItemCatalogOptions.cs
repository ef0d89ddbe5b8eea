namespace StreamReco.Scoring.Candidates;

/// <summary>How the item catalogue keeps its rankings.</summary>
public sealed record ItemCatalogOptions
{
    /// <summary>Rankings are rebuilt at most this often (and only after a change); requests read the last snapshot.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Items kept per ranking, globally and per category.</summary>
    public int RankingDepth { get; init; } = 100;

    /// <summary>An item counts as new when first seen within this window of the latest features' time.</summary>
    public TimeSpan NewItemWindow { get; init; } = TimeSpan.FromHours(48);
}
