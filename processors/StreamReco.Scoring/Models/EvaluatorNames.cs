namespace StreamReco.Scoring.Models;

/// <summary>Evaluators a model can be served by (label of streamreco_scoring_model_info).</summary>
public static class EvaluatorNames
{
    /// <summary>The tree ensemble compiled to flat arrays at load (<see cref="CompiledTreeEnsemble"/>).</summary>
    public const string CompiledTrees = "compiled-trees";

    /// <summary>ML.NET's own PredictionEngine, one Predict per candidate.</summary>
    public const string MlNet = "mlnet";
}
