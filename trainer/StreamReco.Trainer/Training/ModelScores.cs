namespace StreamReco.Trainer.Training;

/// <summary>Raw scores of a model for a batch, and probabilities when the model outputs them (binary classifiers).</summary>
public sealed record ModelScores(IReadOnlyList<double> Scores, IReadOnlyList<double>? Probabilities);
