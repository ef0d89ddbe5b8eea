namespace StreamReco.Scoring.Models;

/// <summary>Only the Score column of the model output is read.</summary>
internal sealed class MlNetModelOutput
{
    public float Score { get; set; }
}
