namespace StreamReco.Scoring.Models;

/// <summary>
/// Why a model is served by ML.NET's PredictionEngine instead of the compiled trees
/// (label of streamreco_scoring_evaluator_fallbacks_total; the detail goes to the log).
/// </summary>
public static class EvaluatorFallbackReasons
{
    /// <summary>The transformer chain holds something other than one tree-ensemble predictor reading "Features".</summary>
    public const string UnsupportedPipeline = "unsupported-pipeline";

    /// <summary>The predictor is not one of the tree ensembles whose ML.NET scoring is a plain sum of leaf values.</summary>
    public const string UnsupportedModel = "unsupported-model";

    /// <summary>A tree uses a categorical split.</summary>
    public const string CategoricalSplit = "categorical-split";

    /// <summary>The tree arrays are not a well-formed binary tree over the feature vector.</summary>
    public const string InvalidTree = "invalid-tree";

    /// <summary>The compiled trees did not reproduce ML.NET's Score on the verification vectors.</summary>
    public const string ParityMismatch = "parity-mismatch";

    /// <summary>Compiling or verifying threw unexpectedly.</summary>
    public const string CompileError = "compile-error";

    /// <summary>The loader was configured not to compile.</summary>
    public const string Disabled = "disabled";

    public static readonly IReadOnlyList<string> All =
        [UnsupportedPipeline, UnsupportedModel, CategoricalSplit, InvalidTree, ParityMismatch, CompileError, Disabled];
}
