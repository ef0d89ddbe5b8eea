using StreamReco.Trainer.Evaluation;

namespace StreamReco.Trainer;

/// <summary>When a challenger replaces the serving champion.</summary>
public sealed record ChampionChallengerOptions
{
    /// <summary>Compared metric (see <see cref="MetricNames"/>); lower-is-better metrics such as log_loss are handled.</summary>
    public string PrimaryMetric { get; init; } = MetricNames.Auc;

    /// <summary>The challenger must beat the champion by at least this much on the same test period.</summary>
    public double Margin { get; init; } = 0.002;
}
