namespace StreamReco.Scoring.Candidates;

/// <summary>Orderings of the catalogue that candidate sources and non-model strategies draw from.</summary>
public enum ItemRanking
{
    /// <summary>Most interacted recently (popularity fallback, category top items).</summary>
    Popular,

    /// <summary>Fastest-rising interest.</summary>
    Trending,

    /// <summary>First seen most recently.</summary>
    New,
}
