namespace StreamReco.Scoring.Models;

/// <summary>Row type for ML.NET prediction engines; the vector size is set at runtime via a schema definition.</summary>
internal sealed class MlNetModelInput
{
    public float[] Features { get; set; } = [];
}
