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

    public ConcurrentQueue<float[]> Scored { get; } = new();

    public float[] Score(IReadOnlyList<float[]> featureVectors)
    {
        _beforeScore();
        foreach (var vector in featureVectors)
        {
            Scored.Enqueue(vector);
        }

        return _inner.Score(featureVectors);
    }
}
