namespace StreamReco.Scoring.Models;

/// <summary>A loaded, validated model that scores feature vectors. Implementations are safe for concurrent use.</summary>
public interface IScoringModel
{
    string ModelName { get; }

    string Version { get; }

    /// <summary>Scores each vector (length <see cref="Features.FeatureVector.Length"/>); higher is better.</summary>
    float[] Score(IReadOnlyList<float[]> featureVectors);
}
