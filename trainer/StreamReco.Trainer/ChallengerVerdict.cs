namespace StreamReco.Trainer;

/// <summary>A decision with the numbers it was made on.</summary>
public sealed record ChallengerVerdict(ChampionDecision Decision, string Metric, double Challenger, double? Champion, double Margin)
{
    public bool Publish => Decision is ChampionDecision.PublishedNoChampion or ChampionDecision.PublishedBetter or ChampionDecision.PublishedChampionUnusable;
}
