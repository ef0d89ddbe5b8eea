namespace StreamReco.Scoring.Models;

/// <summary>Convenience overloads over <see cref="IScoringModel.Score(ReadOnlySpan{float}, Span{float})"/>.</summary>
public static class ScoringModelExtensions
{
    /// <summary>Scores each vector (length <see cref="Features.FeatureVector.Length"/>); allocates, so not for the hot path.</summary>
    public static float[] Score(this IScoringModel model, IReadOnlyList<float[]> featureVectors)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(featureVectors);
        var scores = new float[featureVectors.Count];
        if (scores.Length == 0)
        {
            return scores;
        }

        var width = featureVectors[0].Length;
        var rows = new float[scores.Length * width];
        for (var i = 0; i < scores.Length; i++)
        {
            var vector = featureVectors[i];
            if (vector.Length != width)
            {
                throw new ArgumentException(
                    "Feature vector " + i + " has length " + vector.Length + ", vector 0 has " + width + ".",
                    nameof(featureVectors));
            }

            vector.CopyTo(rows, i * width);
        }

        model.Score(rows, scores);
        return scores;
    }
}
