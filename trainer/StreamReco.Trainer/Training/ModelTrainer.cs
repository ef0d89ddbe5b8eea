using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Trainer.Training;

/// <summary>Fits one ML.NET tree ensemble on a training period.</summary>
public sealed class ModelTrainer
{
    private readonly int _seed;
    private readonly int? _threads;

    /// <param name="seed">Seed for the MLContext and the trainers.</param>
    /// <param name="threads">Trainer threads; null lets ML.NET decide. One thread makes training deterministic.</param>
    public ModelTrainer(int seed, int? threads = null)
    {
        _seed = seed;
        _threads = threads;
    }

    public ModelScorer Train(ModelAlgorithm algorithm, TreeHyperParameters hp, IReadOnlyList<TrainingSnapshot> train)
    {
        ArgumentNullException.ThrowIfNull(hp);
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0 || train.All(s => s.Label == train[0].Label))
        {
            throw new InvalidOperationException("The training period needs both positive and negative labels.");
        }

        var ml = new MLContext(_seed);
        var data = FeatureRows.TrainingView(ml, train, groupByUser: algorithm == ModelAlgorithm.FastTreeRanking);
        ITransformer model = algorithm switch
        {
            ModelAlgorithm.FastTree => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = FeatureRows.LabelColumn,
                FeatureColumnName = FeatureRows.FeaturesColumn,
                NumberOfLeaves = hp.NumberOfLeaves,
                NumberOfTrees = hp.NumberOfTrees,
                LearningRate = hp.LearningRate,
                MinimumExampleCountPerLeaf = hp.MinimumExampleCountPerLeaf,
                Seed = _seed,
                NumberOfThreads = _threads,
            }).Fit(data),
            ModelAlgorithm.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = FeatureRows.LabelColumn,
                FeatureColumnName = FeatureRows.FeaturesColumn,
                NumberOfLeaves = hp.NumberOfLeaves,
                NumberOfIterations = hp.NumberOfTrees,
                LearningRate = hp.LearningRate,
                MinimumExampleCountPerLeaf = hp.MinimumExampleCountPerLeaf,
                Seed = _seed,
                NumberOfThreads = _threads,
                Silent = true,
            }).Fit(data),
            ModelAlgorithm.FastTreeRanking => ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
            {
                LabelColumnName = FeatureRows.RelevanceColumn,
                FeatureColumnName = FeatureRows.FeaturesColumn,
                RowGroupColumnName = FeatureRows.GroupColumn,
                NumberOfLeaves = hp.NumberOfLeaves,
                NumberOfTrees = hp.NumberOfTrees,
                LearningRate = hp.LearningRate,
                MinimumExampleCountPerLeaf = hp.MinimumExampleCountPerLeaf,
                Seed = _seed,
                NumberOfThreads = _threads,
            }).Fit(data),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown algorithm."),
        };
        return new ModelScorer(ml, model);
    }
}
