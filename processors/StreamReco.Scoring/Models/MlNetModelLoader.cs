using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML;
using Microsoft.ML.Data;
using StreamReco.Features;

namespace StreamReco.Scoring.Models;

/// <summary>
/// Loads ML.NET model zips per the model format contract: one input column "Features" (float vector of
/// <see cref="FeatureVector.Length"/> in <see cref="FeatureVector.Names"/> order) and a float output column "Score".
/// Everything is validated before the model can be served; any mismatch is a <see cref="ModelRejectedException"/>.
/// A tree ensemble is then compiled (<see cref="TreeEnsembleCompiler"/>) and served by <see cref="CompiledScoringModel"/>
/// only if it reproduces ML.NET's own scores on the verification vectors (<see cref="EvaluatorParityCheck"/>);
/// otherwise ML.NET's PredictionEngine serves it and the reason is logged and carried on the model.
/// </summary>
public sealed class MlNetModelLoader : IModelLoader
{
    public const string FeaturesColumn = "Features";
    public const string ScoreColumn = "Score";

    private readonly bool _compileTrees;
    private readonly ILogger _log;

    /// <param name="compileTrees">False serves every model with ML.NET's PredictionEngine (kill switch, benchmarks).</param>
    public MlNetModelLoader(bool compileTrees = true, ILogger<MlNetModelLoader>? log = null)
    {
        _compileTrees = compileTrees;
        _log = log ?? (ILogger)NullLogger.Instance;
    }

    public IScoringModel Load(VerifiedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ValidateFeatureContract(model);

        var mlContext = new MLContext(seed: 0);
        ITransformer transformer;
        DataViewSchema inputSchema;
        try
        {
            using var stream = new MemoryStream(model.ModelBytes.ToArray(), writable: false);
            transformer = mlContext.Model.Load(stream, out inputSchema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ModelRejectedException(model.ModelName, model.Version, "bytes are not a loadable ML.NET model (" + ex.Message + ")", ex);
        }

        ValidateSchema(model, transformer, inputSchema);

        var definition = SchemaDefinition.Create(typeof(MlNetModelInput));
        definition[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureVector.Length);
        var scoring = new MlNetScoringModel(model.ModelName, model.Version, mlContext, transformer, definition, FeatureVector.Length);

        float smoke;
        try
        {
            smoke = scoring.Score([new float[FeatureVector.Length]])[0];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ModelRejectedException(model.ModelName, model.Version, "smoke prediction failed (" + ex.Message + ")", ex);
        }

        if (!float.IsFinite(smoke))
        {
            throw new ModelRejectedException(model.ModelName, model.Version, "smoke prediction on a zero vector is not finite (" + smoke + ")");
        }

        scoring.Prewarm(Math.Min(Environment.ProcessorCount, 8));

        if (!_compileTrees)
        {
            _log.LogInformation(
                "Model {Model} version {Version} is served by the ML.NET prediction engine: compiled trees are switched off",
                scoring.ModelName,
                scoring.Version);
            scoring.EvaluatorFallbackReason = EvaluatorFallbackReasons.Disabled;
            return scoring;
        }

        return CompileOrKeep(scoring);
    }

    private IScoringModel CompileOrKeep(MlNetScoringModel scoring)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var compiled = TreeEnsembleCompiler.TryCompile(scoring.Transformer, FeaturesColumn, FeatureVector.Length, out var reason, out var detail);
            if (compiled is null)
            {
                return Keep(scoring, reason!, detail!);
            }

            var parity = EvaluatorParityCheck.Run(compiled, (rows, scores) => scoring.Score(rows.Span, scores.Span));
            if (!parity.Passed)
            {
                return Keep(scoring, EvaluatorFallbackReasons.ParityMismatch, "on " + parity.Mismatch);
            }

            _log.LogInformation(
                "Model {Model} version {Version}: compiled {Trees} trees ({Nodes} splits) match ML.NET on {Vectors} verification vectors "
                + "(max abs difference {MaxDifference}, checked in {ElapsedMs} ms); serving compiled trees",
                scoring.ModelName,
                scoring.Version,
                compiled.TreeCount,
                compiled.NodeCount,
                parity.Vectors,
                parity.MaxAbsoluteDifference,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new CompiledScoringModel(compiled, scoring, parity);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Keep(scoring, EvaluatorFallbackReasons.CompileError, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private MlNetScoringModel Keep(MlNetScoringModel scoring, string reason, string detail)
    {
        _log.LogWarning(
            "Model {Model} version {Version} is served by the ML.NET prediction engine, not compiled trees: {Reason} ({Detail})",
            scoring.ModelName,
            scoring.Version,
            reason,
            detail);
        scoring.EvaluatorFallbackReason = reason;
        return scoring;
    }

    private static void ValidateFeatureContract(VerifiedModel model)
    {
        var expected = FeatureVector.Names;
        var actual = model.FeatureNames ?? [];
        if (actual.Count != expected.Count)
        {
            throw new ModelRejectedException(
                model.ModelName,
                model.Version,
                "model expects " + actual.Count + " features, this scorer builds " + expected.Count);
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (!string.Equals(actual[i], expected[i], StringComparison.Ordinal))
            {
                throw new ModelRejectedException(
                    model.ModelName,
                    model.Version,
                    "feature " + i + " is '" + actual[i] + "', this scorer builds '" + expected[i] + "'");
            }
        }

        if (model.FeatureSchemaFingerprint != FeatureVector.SchemaFingerprint)
        {
            throw new ModelRejectedException(
                model.ModelName,
                model.Version,
                "feature schema fingerprint " + model.FeatureSchemaFingerprint + " differs from this scorer's " + FeatureVector.SchemaFingerprint);
        }
    }

    private static void ValidateSchema(VerifiedModel model, ITransformer transformer, DataViewSchema inputSchema)
    {
        var features = inputSchema.GetColumnOrNull(FeaturesColumn);
        if (features is null)
        {
            throw new ModelRejectedException(model.ModelName, model.Version, "model input has no '" + FeaturesColumn + "' column");
        }

        if (features.Value.Type is not VectorDataViewType vector
            || vector.ItemType != NumberDataViewType.Single
            || vector.Size != FeatureVector.Length)
        {
            throw new ModelRejectedException(
                model.ModelName,
                model.Version,
                "model input '" + FeaturesColumn + "' is " + features.Value.Type + ", expected a float vector of length " + FeatureVector.Length);
        }

        DataViewSchema outputSchema;
        try
        {
            outputSchema = transformer.GetOutputSchema(inputSchema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ModelRejectedException(model.ModelName, model.Version, "model output schema cannot be computed (" + ex.Message + ")", ex);
        }

        var score = outputSchema.GetColumnOrNull(ScoreColumn);
        if (score is null || score.Value.Type != NumberDataViewType.Single)
        {
            throw new ModelRejectedException(model.ModelName, model.Version, "model output has no float '" + ScoreColumn + "' column");
        }
    }
}
