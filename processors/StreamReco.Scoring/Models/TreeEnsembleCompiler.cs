using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace StreamReco.Scoring.Models;

/// <summary>
/// Recognises the models the trainer produces — a single FastTree / LightGBM binary (Platt-calibrated, whose "Score"
/// is the uncalibrated ensemble sum), ranking or regression predictor reading the "Features" column, with no transform
/// before it — and compiles its trees. Anything else is reported with a reason so the loader keeps ML.NET.
/// </summary>
internal static class TreeEnsembleCompiler
{
    // Exact types only: these score as the plain leaf sum (TreeEnsembleModelParameters.Map). Subclasses that
    // post-process it (Tweedie's exp, random forests' average) are deliberately absent.
    private static readonly HashSet<Type> SupportedModels =
    [
        typeof(FastTreeBinaryModelParameters),
        typeof(FastTreeRankingModelParameters),
        typeof(FastTreeRegressionModelParameters),
        typeof(LightGbmBinaryModelParameters),
        typeof(LightGbmRankingModelParameters),
        typeof(LightGbmRegressionModelParameters),
    ];

    private static readonly HashSet<Type> SupportedTransformers =
    [
        typeof(BinaryPredictionTransformer<>),
        typeof(RankingPredictionTransformer<>),
        typeof(RegressionPredictionTransformer<>),
    ];

    public static CompiledTreeEnsemble? TryCompile(
        ITransformer transformer, string featuresColumn, int featureCount, out string? reason, out string? detail)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        var stages = new List<ITransformer>();
        Flatten(transformer, stages);
        if (stages.Count != 1)
        {
            reason = EvaluatorFallbackReasons.UnsupportedPipeline;
            detail = "expected exactly one predictor, found " + stages.Count + " stages ("
                + string.Join(", ", stages.Select(s => s.GetType().Name)) + ")";
            return null;
        }

        var stage = stages[0];
        var stageType = stage.GetType();
        if (stage is not ISingleFeaturePredictionTransformer<object> predictor
            || !stageType.IsGenericType
            || !SupportedTransformers.Contains(stageType.GetGenericTypeDefinition()))
        {
            reason = EvaluatorFallbackReasons.UnsupportedPipeline;
            detail = "stage " + stageType.Name + " is not a binary, ranking or regression predictor";
            return null;
        }

        if (!string.Equals(predictor.FeatureColumnName, featuresColumn, StringComparison.Ordinal))
        {
            reason = EvaluatorFallbackReasons.UnsupportedPipeline;
            detail = "predictor reads column '" + predictor.FeatureColumnName + "', not '" + featuresColumn + "'";
            return null;
        }

        // A calibrator only adds the Probability column; Score is the sub-model's output.
        var model = predictor.Model is CalibratedModelParametersBase calibrated ? calibrated.SubModel : predictor.Model;
        if (model is not TreeEnsembleModelParametersBasedOnRegressionTree ensemble || !SupportedModels.Contains(model.GetType()))
        {
            reason = EvaluatorFallbackReasons.UnsupportedModel;
            detail = "model parameters " + model.GetType().Name + " are not a supported tree ensemble";
            return null;
        }

        return CompiledTreeEnsemble.TryCreate(ensemble.TrainedTreeEnsemble.Trees, featureCount, out reason, out detail);
    }

    private static void Flatten(ITransformer transformer, List<ITransformer> stages)
    {
        if (transformer is IEnumerable<ITransformer> chain)
        {
            foreach (var inner in chain)
            {
                Flatten(inner, stages);
            }
        }
        else
        {
            stages.Add(transformer);
        }
    }
}
