namespace StreamReco.Trainer.Tuning;

/// <summary>Names of the tuned hyper-parameters, as they appear in <c>ModelVersion.hyperparameters</c>.</summary>
public static class HyperParameterNames
{
    public const string NumberOfLeaves = "number_of_leaves";
    public const string NumberOfTrees = "number_of_trees";
    public const string LearningRate = "learning_rate";
    public const string MinimumExampleCountPerLeaf = "min_samples_per_leaf";
}
