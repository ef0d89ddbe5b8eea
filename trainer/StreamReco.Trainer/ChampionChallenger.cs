using StreamReco.Trainer.Evaluation;

namespace StreamReco.Trainer;

/// <summary>Decides whether a challenger replaces the champion; both must be measured on the same test period.</summary>
public static class ChampionChallenger
{
    /// <param name="challenger">Challenger's metrics on the test period.</param>
    /// <param name="champion">Champion's metrics on the same period; null when nothing serves.</param>
    /// <param name="championUnusable">True when a champion exists but could not be scored.</param>
    public static ChallengerVerdict Decide(ChampionChallengerOptions options, EvaluationMetrics challenger, EvaluationMetrics? champion, bool championUnusable = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(challenger);
        var metric = options.PrimaryMetric;
        var challengerValue = challenger.Get(metric);
        if (!double.IsFinite(challengerValue))
        {
            return new ChallengerVerdict(ChampionDecision.RejectedInvalidMetric, metric, challengerValue, champion?.Get(metric), options.Margin);
        }

        if (championUnusable)
        {
            return new ChallengerVerdict(ChampionDecision.PublishedChampionUnusable, metric, challengerValue, null, options.Margin);
        }

        if (champion is null)
        {
            return new ChallengerVerdict(ChampionDecision.PublishedNoChampion, metric, challengerValue, null, options.Margin);
        }

        var championValue = champion.Get(metric);
        var improvement = MetricNames.LowerIsBetter(metric) ? championValue - challengerValue : challengerValue - championValue;
        // A champion with an undefined metric cannot be defended.
        var better = !double.IsFinite(championValue) || improvement >= options.Margin;
        return new ChallengerVerdict(
            better ? ChampionDecision.PublishedBetter : ChampionDecision.RejectedNotBetter, metric, challengerValue, championValue, options.Margin);
    }
}
