namespace StreamReco.Trainer.Training;

/// <summary>
/// Fractions of the time-ordered rows in each period: the oldest <see cref="TrainFraction"/> train, the next
/// <see cref="ValidationFraction"/> validate (tuning, threshold and calibration), the newest remainder test. Defaults 70/15/15.
/// </summary>
public sealed record TimeSplitOptions
{
    public double TrainFraction { get; init; } = 0.70;

    public double ValidationFraction { get; init; } = 0.15;
}
