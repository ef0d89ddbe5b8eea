using StreamReco.Scoring.Candidates;

namespace StreamReco.Scoring.Tests;

/// <summary>A catalogue whose only ranking is global popularity: no category, trending or new candidates exist.</summary>
public sealed class PopularOnlyRankings : IItemRankingLookup
{
    private readonly RankedItem[] _popular;

    public PopularOnlyRankings(params RankedItem[] popular)
    {
        _popular = popular;
    }

    public IReadOnlyList<RankedItem> Top(ItemRanking ranking, string? categoryId, int max) =>
        ranking == ItemRanking.Popular && categoryId is null ? _popular.Take(max).ToArray() : [];
}
