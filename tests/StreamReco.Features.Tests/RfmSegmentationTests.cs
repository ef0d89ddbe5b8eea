using StreamReco.Features.Aggregates;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Tests;

public sealed class RfmSegmentationTests
{
    [Theory]
    [InlineData(0, 5)]
    [InlineData(3_599_999, 5)]
    [InlineData(3_600_000, 4)]
    [InlineData(86_399_999, 4)]
    [InlineData(86_400_000, 3)]
    [InlineData(259_199_999, 3)]
    [InlineData(259_200_000, 2)]
    [InlineData(604_799_999, 2)]
    [InlineData(604_800_000, 1)]
    public void Recency_score_boundaries(long sinceLastMs, int expected)
    {
        Assert.Equal(expected, RfmSegmentation.Score(TimeSpan.FromMilliseconds(sinceLastMs), 0, 0).Recency);
    }

    [Fact]
    public void A_user_without_events_has_the_lowest_recency()
    {
        Assert.Equal(new RfmScore(1, 1, 1), RfmSegmentation.Score(null, 0, 0));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(7, 2)]
    [InlineData(8, 3)]
    [InlineData(19, 3)]
    [InlineData(20, 4)]
    [InlineData(49, 4)]
    [InlineData(50, 5)]
    public void Frequency_score_boundaries(long events7d, int expected)
    {
        Assert.Equal(expected, RfmSegmentation.Score(TimeSpan.Zero, events7d, 0).Frequency);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 5)]
    public void Monetary_score_boundaries(long buys7d, int expected)
    {
        Assert.Equal(expected, RfmSegmentation.Score(TimeSpan.Zero, 0, buys7d).Monetary);
    }

    [Theory]
    [InlineData(1, 5, 5, UserSegment.Churned)]
    [InlineData(4, 4, 3, UserSegment.Core)]
    [InlineData(5, 5, 5, UserSegment.Core)]
    [InlineData(5, 5, 2, UserSegment.Active)]
    [InlineData(3, 4, 3, UserSegment.Active)]
    [InlineData(3, 3, 1, UserSegment.Active)]
    [InlineData(5, 2, 5, UserSegment.Normal)]
    [InlineData(2, 5, 5, UserSegment.Normal)]
    public void Segment_rules_apply_in_order(int recency, int frequency, int monetary, UserSegment expected)
    {
        Assert.Equal(expected, RfmSegmentation.Segment(new RfmScore(recency, frequency, monetary)));
    }

    [Fact]
    public void Last_event_after_the_as_of_time_is_an_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RfmSegmentation.Score(TimeSpan.FromSeconds(-1), 0, 0));
    }
}
