using System.Collections.Concurrent;
using StreamReco.Scoring.Models;

namespace StreamReco.Scoring.Tests;

/// <summary>Wraps a real model: runs a hook before scoring (advance fake time, throw) and records the vectors it scored.</summary>
public sealed class HookedModel : IScoringModel
{
    private readonly IScoringModel _inner;
    private readonly Action _beforeScore;

    public HookedModel(IScoringModel inner, Action beforeScore)
    {
        _inner = inner;
        _beforeScore = beforeScore;
    }

    public string ModelName => _inner.ModelName;

    public string Version => _inner.Version;

    public string Evaluator => _inner.Evaluator;

    public string? EvaluatorFallbackReason => _inner.EvaluatorFallbackReason;

    public ConcurrentQueue<float[]> Scored { get; } = new();

    public void Score(ReadOnlySpan<float> rows, Span<float> scores)
    {
        _beforeScore();
        if (scores.Length > 0)
        {
            var width = rows.Length / scores.Length;
            for (var i = 0; i < scores.Length; i++)
            {
                Scored.Enqueue(rows.Slice(i * width, width).ToArray());
            }
        }

        _inner.Score(rows, scores);
    }
}
