namespace StreamReco.Scoring.Tests;

/// <summary>Synthetic training row; the Features vector size is set at runtime through a schema definition.</summary>
public sealed class TrainingRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];
}
