using StreamReco.Schemas.Contracts;

namespace StreamReco.Trainer.Training;

/// <summary>Three consecutive, non-overlapping event-time periods. Every train row is no later than any validation row, and so on.</summary>
public sealed record DatasetSplit(
    IReadOnlyList<TrainingSnapshot> Train,
    IReadOnlyList<TrainingSnapshot> Validation,
    IReadOnlyList<TrainingSnapshot> Test)
{
    /// <summary>
    /// Sorts by event time and cuts at row-count quantiles, moving each cut forward past rows with the same timestamp so a
    /// timestamp never straddles two periods. Never shuffles: the model is always evaluated on data newer than it was trained on.
    /// </summary>
    public static DatasetSplit ByTime(IEnumerable<TrainingSnapshot> snapshots, TimeSplitOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrainFraction <= 0 || options.ValidationFraction <= 0 || options.TrainFraction + options.ValidationFraction >= 1)
        {
            throw new ArgumentException("Train and validation fractions must be positive and leave room for a test period.", nameof(options));
        }

        var ordered = snapshots.OrderBy(s => s.EventTime).ThenBy(s => s.ExposureId, StringComparer.Ordinal).ToArray();
        var trainEnd = Cut(ordered, (int)Math.Round(ordered.Length * options.TrainFraction));
        var validationEnd = Cut(ordered, Math.Max(trainEnd, (int)Math.Round(ordered.Length * (options.TrainFraction + options.ValidationFraction))));
        return new DatasetSplit(ordered[..trainEnd], ordered[trainEnd..validationEnd], ordered[validationEnd..]);
    }

    private static int Cut(TrainingSnapshot[] ordered, int index)
    {
        while (index > 0 && index < ordered.Length && ordered[index].EventTime == ordered[index - 1].EventTime)
        {
            index++;
        }

        return Math.Min(index, ordered.Length);
    }
}
