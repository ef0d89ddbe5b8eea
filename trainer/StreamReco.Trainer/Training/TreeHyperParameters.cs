using System.Globalization;
using StreamReco.Trainer.Tuning;

namespace StreamReco.Trainer.Training;

/// <summary>Hyper-parameters shared by the tree ensembles.</summary>
public sealed record TreeHyperParameters(int NumberOfLeaves, int NumberOfTrees, double LearningRate, int MinimumExampleCountPerLeaf)
{
    public static TreeHyperParameters Default { get; } = new(20, 100, 0.1, 10);

    public static TreeHyperParameters From(IReadOnlyDictionary<string, double> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new TreeHyperParameters(
            (int)parameters[HyperParameterNames.NumberOfLeaves],
            (int)parameters[HyperParameterNames.NumberOfTrees],
            parameters[HyperParameterNames.LearningRate],
            (int)parameters[HyperParameterNames.MinimumExampleCountPerLeaf]);
    }

    public Dictionary<string, string> ToDictionary() => new(StringComparer.Ordinal)
    {
        [HyperParameterNames.NumberOfLeaves] = NumberOfLeaves.ToString(CultureInfo.InvariantCulture),
        [HyperParameterNames.NumberOfTrees] = NumberOfTrees.ToString(CultureInfo.InvariantCulture),
        [HyperParameterNames.LearningRate] = LearningRate.ToString("R", CultureInfo.InvariantCulture),
        [HyperParameterNames.MinimumExampleCountPerLeaf] = MinimumExampleCountPerLeaf.ToString(CultureInfo.InvariantCulture),
    };
}
