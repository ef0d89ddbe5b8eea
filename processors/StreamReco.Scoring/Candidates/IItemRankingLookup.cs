namespace StreamReco.Scoring.Candidates;

/// <summary>Top items by a ranking, globally or within one category. Best first.</summary>
public interface IItemRankingLookup
{
    IReadOnlyList<RankedItem> Top(ItemRanking ranking, string? categoryId, int max);
}
