namespace StreamReco.Scoring.Candidates;

/// <summary>Immutable top lists per ranking, globally and per category, built from one catalogue state.</summary>
internal sealed class RankingSnapshot
{
    public static readonly RankingSnapshot Empty = new(new Dictionary<(ItemRanking, string?), RankedItem[]>(), 0);

    private readonly Dictionary<(ItemRanking Ranking, string? Category), RankedItem[]> _lists;

    public RankingSnapshot(Dictionary<(ItemRanking Ranking, string? Category), RankedItem[]> lists, long builtAt)
    {
        _lists = lists;
        BuiltAt = builtAt;
    }

    public long BuiltAt { get; }

    public IReadOnlyList<RankedItem> Top(ItemRanking ranking, string? categoryId, int max)
    {
        if (max <= 0 || !_lists.TryGetValue((ranking, categoryId), out var list))
        {
            return [];
        }

        // A view, not a copy: this runs several times per list.
        return list.Length <= max ? list : new ArraySegment<RankedItem>(list, 0, max);
    }
}
