using Microsoft.ML;
using Microsoft.ML.Data;
using StreamReco.Features;

namespace StreamReco.Scoring.Models;

/// <summary>
/// Loads ML.NET model zips per the model format contract: one input column "Features" (float vector of
/// <see cref="FeatureVector.Length"/> in <see cref="FeatureVector.Names"/> order) and a float output column "Score".
/// Everything is validated before the model can be served; any mismatch is a <see cref="ModelRejectedException"/>.
/// </summary>
public sealed class MlNetModelLoader : IModelLoader
{
    public const string FeaturesColumn = "Features";
    public const string ScoreColumn = "Score";

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
