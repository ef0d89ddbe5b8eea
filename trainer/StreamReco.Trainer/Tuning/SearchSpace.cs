namespace StreamReco.Trainer.Tuning;

/// <summary>A box of hyper-parameters; optimisers work in the unit cube and map points through <see cref="ToParameters"/>.</summary>
public sealed class SearchSpace
{
    public SearchSpace(IReadOnlyList<SearchDimension> dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Count == 0)
        {
            throw new ArgumentException("A search space needs at least one dimension.", nameof(dimensions));
        }

        foreach (var d in dimensions)
        {
            if (!(d.Max > d.Min) || (d.LogScale && d.Min <= 0))
            {
                throw new ArgumentException("Dimension '" + d.Name + "' has an invalid range.", nameof(dimensions));
            }
        }

        Dimensions = dimensions;
    }

    /// <summary>Leaves, trees (from min(20, maxTrees/2) to maxTrees), learning rate and min samples per leaf: the space the trainer tunes.</summary>
    public static SearchSpace TreeEnsemble(int maxTrees = 200) => new(
    [
        new SearchDimension(HyperParameterNames.NumberOfLeaves, 4, 64, LogScale: true, IsInteger: true),
        new SearchDimension(HyperParameterNames.NumberOfTrees, Math.Max(1, Math.Min(20, maxTrees / 2)), maxTrees, LogScale: true, IsInteger: true),
        new SearchDimension(HyperParameterNames.LearningRate, 0.02, 0.4, LogScale: true),
        new SearchDimension(HyperParameterNames.MinimumExampleCountPerLeaf, 2, 100, LogScale: true, IsInteger: true),
    ]);

    public IReadOnlyList<SearchDimension> Dimensions { get; }

    public Dictionary<string, double> ToParameters(IReadOnlyList<double> unitPoint)
    {
        var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < Dimensions.Count; i++)
        {
            parameters[Dimensions[i].Name] = Dimensions[i].FromUnit(unitPoint[i]);
        }

        return parameters;
    }
}
