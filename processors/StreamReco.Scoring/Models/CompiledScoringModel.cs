namespace StreamReco.Scoring.Models;

/// <summary>
/// Serves a tree ensemble through <see cref="CompiledTreeEnsemble"/>, after the loader verified that it reproduces
/// ML.NET's scores. A vector containing NaN is scored by ML.NET instead (ML.NET routes NaN by per-node defaults that
/// its public API does not expose), so results stay ML.NET's for every input. Allocates nothing per vector.
/// </summary>
internal sealed class CompiledScoringModel : IScoringModel
{
    private readonly CompiledTreeEnsemble _ensemble;
    private readonly MlNetScoringModel _mlNet;
    private long _delegatedVectors;

    public CompiledScoringModel(CompiledTreeEnsemble ensemble, MlNetScoringModel mlNet, ParityCheckResult parity)
    {
        _ensemble = ensemble;
        _mlNet = mlNet;
        Parity = parity;
    }

    public string ModelName => _mlNet.ModelName;

    public string Version => _mlNet.Version;

    public string Evaluator => EvaluatorNames.CompiledTrees;

    public string? EvaluatorFallbackReason => null;

    public CompiledTreeEnsemble Ensemble => _ensemble;

    public ParityCheckResult Parity { get; }

    /// <summary>Vectors handed to ML.NET because they contained NaN.</summary>
    public long DelegatedVectors => Interlocked.Read(ref _delegatedVectors);

    public void Score(ReadOnlySpan<float> rows, Span<float> scores)
    {
        var width = _ensemble.FeatureCount;
        if (rows.Length != scores.Length * width)
        {
            throw new ArgumentException(
                "Got " + rows.Length + " feature values for " + scores.Length + " vectors of " + width + ".",
                nameof(rows));
        }

        // Score everything compiled in one batch, then let ML.NET redo the (rare) rows with NaN.
        _ensemble.ScoreBatch(rows, scores);
        for (var i = 0; i < scores.Length; i++)
        {
            var row = rows.Slice(i * width, width);
            if (ContainsNaN(row))
            {
                Interlocked.Increment(ref _delegatedVectors);
                _mlNet.Score(row, scores.Slice(i, 1));
            }
        }
    }

    private static bool ContainsNaN(ReadOnlySpan<float> row)
    {
        foreach (var value in row)
        {
            if (float.IsNaN(value))
            {
                return true;
            }
        }

        return false;
    }
}
