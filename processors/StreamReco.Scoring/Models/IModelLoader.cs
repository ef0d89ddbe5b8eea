namespace StreamReco.Scoring.Models;

/// <summary>Turns verified model bytes into a scoring model, or rejects them.</summary>
public interface IModelLoader
{
    /// <exception cref="ModelRejectedException">The model cannot be served by this build.</exception>
    IScoringModel Load(VerifiedModel model);
}
