namespace StreamReco.Producers.Synthetic;

/// <summary>One behaviour regime of the generator: item popularity ranks, funnel rates and category preference offset.</summary>
internal sealed class BehaviourRegime
{
    private readonly int[] _rankToItem;
    private readonly WeightedSampler _global;
    private readonly int[][] _categoryItemsByRank;
    private readonly WeightedSampler[] _categorySamplers;

    public BehaviourRegime(int[] rankToItem, int[] categoryOfItem, int categories, double exponent, FunnelRates funnel, int categoryShift)
    {
        _rankToItem = rankToItem;
        Funnel = funnel;
        CategoryShift = categoryShift;
        var weights = new double[rankToItem.Length];
        for (var rank = 0; rank < weights.Length; rank++)
        {
            weights[rank] = 1.0 / Math.Pow(rank + 1, exponent);
        }

        _global = new WeightedSampler(weights);
        var perCategory = Enumerable.Range(0, categories).Select(_ => new List<int>()).ToArray();
        var perCategoryWeights = Enumerable.Range(0, categories).Select(_ => new List<double>()).ToArray();
        for (var rank = 0; rank < rankToItem.Length; rank++)
        {
            var item = rankToItem[rank];
            perCategory[categoryOfItem[item]].Add(item);
            perCategoryWeights[categoryOfItem[item]].Add(weights[rank]);
        }

        _categoryItemsByRank = perCategory.Select(l => l.ToArray()).ToArray();
        _categorySamplers = perCategoryWeights.Select(w => new WeightedSampler(w)).ToArray();
    }

    public FunnelRates Funnel { get; }

    public int CategoryShift { get; }

    public int NextItem(Random random) => _rankToItem[_global.Next(random)];

    public int NextItemInCategory(int category, Random random) => _categoryItemsByRank[category][_categorySamplers[category].Next(random)];
}
