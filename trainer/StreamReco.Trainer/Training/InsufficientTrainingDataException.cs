namespace StreamReco.Trainer.Training;

/// <summary>The training set is too small or single-class in some period; no model is trained.</summary>
public sealed class InsufficientTrainingDataException(string message) : Exception(message);
