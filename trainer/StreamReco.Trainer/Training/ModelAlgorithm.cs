namespace StreamReco.Trainer.Training;

/// <summary>Trainable model families. FastTree binary is the baseline; the others are candidates.</summary>
public enum ModelAlgorithm
{
    FastTree,
    LightGbm,
    FastTreeRanking,
}
