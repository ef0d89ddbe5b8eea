namespace StreamReco.Scoring;

/// <summary>Why the popularity fallback served a request (Recommendation.fallback_reason and the fallback counter label).</summary>
public static class FallbackReasons
{
    public const string NoModel = "no-model";
    public const string ScoringError = "scoring-error";
    public const string LatencyBudget = "latency-budget";
    public const string NoCandidates = "no-candidates";

    public static readonly IReadOnlyList<string> All = [NoModel, ScoringError, LatencyBudget, NoCandidates];
}
