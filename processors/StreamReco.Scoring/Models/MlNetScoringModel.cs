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
    private readonly ConcurrentBag<Engine> _engines = [];
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

    public string Evaluator => EvaluatorNames.MlNet;

    /// <summary>Set by the loader when compiled trees were tried and refused for this model.</summary>
    public string? EvaluatorFallbackReason { get; internal set; }

    public ITransformer Transformer => _transformer;

    public void Score(ReadOnlySpan<float> rows, Span<float> scores)
    {
        if (rows.Length != scores.Length * _featureCount)
        {
            throw new ArgumentException(
                "Got " + rows.Length + " feature values for " + scores.Length + " vectors of " + _featureCount + ".",
                nameof(rows));
        }

        if (scores.Length == 0)
        {
            return;
        }

        var engine = Rent();
        try
        {
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = engine.Predict(rows.Slice(i * _featureCount, _featureCount));
            }
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    /// <summary>Engines currently idle in the pool.</summary>
    internal int PooledEngines => _engines.Count;

    /// <summary>
    /// Creates engines up front (and JIT-compiles their path) so the first concurrent requests after a swap do not pay
    /// engine creation inside their latency budget.
    /// </summary>
    public void Prewarm(int engines)
    {
        var zero = new float[_featureCount];
        while (_engines.Count < engines)
        {
            var engine = Create();
            engine.Predict(zero);
            _engines.Add(engine);
        }
    }

    private Engine Rent()
    {
        return _engines.TryTake(out var engine) ? engine : Create();
    }

    private Engine Create()
    {
        // MLContext is not documented as thread-safe for engine creation; creation is rare (pool growth only).
        lock (_createLock)
        {
            var predictionEngine = _mlContext.Model.CreatePredictionEngine<MlNetModelInput, MlNetModelOutput>(
                _transformer,
                ignoreMissingColumns: true,
                inputSchemaDefinition: _inputDefinition);
            return new Engine(predictionEngine, _featureCount);
        }
    }

    /// <summary>A prediction engine with its own input/output rows, reused across Predict calls (one renter at a time).</summary>
    private sealed class Engine
    {
        private readonly PredictionEngine<MlNetModelInput, MlNetModelOutput> _engine;
        private readonly MlNetModelInput _input;
        private MlNetModelOutput _output = new();

        public Engine(PredictionEngine<MlNetModelInput, MlNetModelOutput> engine, int featureCount)
        {
            _engine = engine;
            _input = new MlNetModelInput { Features = new float[featureCount] };
        }

        public float Predict(ReadOnlySpan<float> features)
        {
            features.CopyTo(_input.Features);
            _engine.Predict(_input, ref _output);
            return _output.Score;
        }
    }
}
