using System.Collections.Concurrent;
using Microsoft.ML;

namespace StreamReco.Scoring.Models;

/// <summary>
/// Scores with pooled ML.NET prediction engines. A PredictionEngine is not thread-safe, so each request rents one,
/// scores all its candidates on it and returns it; the pool grows to the peak request concurrency and no further.
/// Measured faster than a batch Transform over an IDataView for 50-200 candidates (no per-call cursor/pipeline setup).
/// </summary>
internal sealed class MlNetScoringModel : IScoringModel
{
    private readonly MLContext _mlContext;
    private readonly ITransformer _transformer;
    private readonly Microsoft.ML.Data.SchemaDefinition _inputDefinition;
    private readonly int _featureCount;
    private readonly ConcurrentBag<PredictionEngine<MlNetModelInput, MlNetModelOutput>> _engines = [];
    private readonly Lock _createLock = new();

    public MlNetScoringModel(
        string modelName,
        string version,
        MLContext mlContext,
        ITransformer transformer,
        Microsoft.ML.Data.SchemaDefinition inputDefinition,
        int featureCount)
    {
        ModelName = modelName;
        Version = version;
        _mlContext = mlContext;
        _transformer = transformer;
        _inputDefinition = inputDefinition;
        _featureCount = featureCount;
    }

    public string ModelName { get; }

    public string Version { get; }

    public float[] Score(IReadOnlyList<float[]> featureVectors)
    {
        ArgumentNullException.ThrowIfNull(featureVectors);
        var scores = new float[featureVectors.Count];
        if (scores.Length == 0)
        {
            return scores;
        }

        var engine = Rent();
        try
        {
            var input = new MlNetModelInput();
            var output = new MlNetModelOutput();
            for (var i = 0; i < scores.Length; i++)
            {
                var vector = featureVectors[i];
                if (vector.Length != _featureCount)
                {
                    throw new ArgumentException(
                        "Feature vector " + i + " has length " + vector.Length + ", the model expects " + _featureCount + ".",
                        nameof(featureVectors));
                }

                input.Features = vector;
                engine.Predict(input, ref output);
                scores[i] = output.Score;
            }
        }
        finally
        {
            _engines.Add(engine);
        }

        return scores;
    }

    /// <summary>Engines currently idle in the pool.</summary>
    internal int PooledEngines => _engines.Count;

    /// <summary>
    /// Creates engines up front (and JIT-compiles their path) so the first concurrent requests after a swap do not pay
    /// engine creation inside their latency budget.
    /// </summary>
    public void Prewarm(int engines)
    {
        var zero = new MlNetModelInput { Features = new float[_featureCount] };
        var output = new MlNetModelOutput();
        while (_engines.Count < engines)
        {
            var engine = Create();
            engine.Predict(zero, ref output);
            _engines.Add(engine);
        }
    }

    private PredictionEngine<MlNetModelInput, MlNetModelOutput> Rent()
    {
        return _engines.TryTake(out var engine) ? engine : Create();
    }

    private PredictionEngine<MlNetModelInput, MlNetModelOutput> Create()
    {
        // MLContext is not documented as thread-safe for engine creation; creation is rare (pool growth only).
        lock (_createLock)
        {
            return _mlContext.Model.CreatePredictionEngine<MlNetModelInput, MlNetModelOutput>(
                _transformer,
                ignoreMissingColumns: true,
                inputSchemaDefinition: _inputDefinition);
        }
    }
}
