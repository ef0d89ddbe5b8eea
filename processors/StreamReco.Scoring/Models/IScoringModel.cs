namespace StreamReco.Scoring.Models;

/// <summary>A loaded, validated model that scores feature vectors. Implementations are safe for concurrent use.</summary>
public interface IScoringModel
{
    string ModelName { get; }

    string Version { get; }

    /// <summary>Which evaluator computes the scores (<see cref="EvaluatorNames"/>).</summary>
    string Evaluator { get; }

    /// <summary>
    /// Why the fast evaluator was not used for this model (<see cref="EvaluatorFallbackReasons"/>), or null when it serves
    /// or was never applicable.
    /// </summary>
    string? EvaluatorFallbackReason { get; }

    /// <summary>
    /// Scores <paramref name="scores"/>.Length vectors stored row-major in <paramref name="rows"/>, each of length
    /// <see cref="Features.FeatureVector.Length"/>; higher is better. Writes one score per vector.
    /// </summary>
    void Score(ReadOnlySpan<float> rows, Span<float> scores);
}
