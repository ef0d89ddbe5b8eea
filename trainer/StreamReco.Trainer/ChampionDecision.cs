namespace StreamReco.Trainer;

/// <summary>Outcome of a champion/challenger comparison; also the label of the decisions counter.</summary>
public enum ChampionDecision
{
    /// <summary>Nothing is serving yet: publish.</summary>
    PublishedNoChampion,

    /// <summary>The challenger beat the champion by the margin: publish.</summary>
    PublishedBetter,

    /// <summary>The champion could not be scored on the new test period (other feature schema, unreadable bytes): publish.</summary>
    PublishedChampionUnusable,

    /// <summary>The challenger did not beat the champion by the margin: keep the champion.</summary>
    RejectedNotBetter,

    /// <summary>The challenger's primary metric is not a number (e.g. a single-class test period): keep the champion.</summary>
    RejectedInvalidMetric,
}
