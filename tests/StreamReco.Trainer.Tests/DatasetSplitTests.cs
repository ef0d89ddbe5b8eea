using StreamReco.Trainer.Training;

namespace StreamReco.Trainer.Tests;

public sealed class DatasetSplitTests
{
    [Fact]
    public void Split_is_time_ordered_with_default_fractions_even_for_shuffled_input()
    {
        var data = SyntheticSnapshots.Generate(1000);
        var shuffled = data.OrderBy(_ => Random.Shared.Next()).ToList();

        var split = DatasetSplit.ByTime(shuffled, new TimeSplitOptions());

        Assert.Equal(700, split.Train.Count);
        Assert.Equal(150, split.Validation.Count);
        Assert.Equal(150, split.Test.Count);
        Assert.True(split.Train.Max(s => s.EventTime) < split.Validation.Min(s => s.EventTime));
        Assert.True(split.Validation.Max(s => s.EventTime) < split.Test.Min(s => s.EventTime));
        Assert.Equal(split.Train.Select(s => s.EventTime).Order(), split.Train.Select(s => s.EventTime));
    }

    [Fact]
    public void A_timestamp_never_straddles_two_periods()
    {
        // Ten rows per timestamp: the 70% cut falls inside a block and must move past it.
        var data = SyntheticSnapshots.Generate(95).Select((s, i) => s with { EventTime = SyntheticSnapshots.Start + i / 10 }).ToList();

        var split = DatasetSplit.ByTime(data, new TimeSplitOptions());

        Assert.True(split.Train.Max(s => s.EventTime) < split.Validation.Min(s => s.EventTime));
        Assert.True(split.Validation.Max(s => s.EventTime) < split.Test.Min(s => s.EventTime));
        Assert.Equal(95, split.Train.Count + split.Validation.Count + split.Test.Count);
    }

    [Fact]
    public void Invalid_fractions_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => DatasetSplit.ByTime([], new TimeSplitOptions { TrainFraction = 0.9, ValidationFraction = 0.1 }));
    }
}
