namespace StreamReco.Scoring.Models;

/// <summary>Outcome of offering a model version to the registry.</summary>
public sealed record ModelActivation(bool Accepted, string ModelName, string Version, string? RejectionReason)
{
    public static ModelActivation Accept(VerifiedModel model) => new(true, model.ModelName, model.Version, null);

    public static ModelActivation Reject(VerifiedModel model, string reason) => new(false, model.ModelName, model.Version, reason);
}
