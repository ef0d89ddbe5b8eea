namespace StreamReco.Scoring.Tests;

public sealed class TopScoresTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 10)]
    [InlineData(7, 10)]
    [InlineData(10, 10)]
    [InlineData(200, 20)]
    [InlineData(200, 1)]
    [InlineData(300, 150)]
    public void Selection_equals_stable_linq_order_with_ties_nan_signed_zero_and_infinities(int count, int topN)
    {
        var random = new Random(count * 31 + topN);
        float[] specials = [float.NaN, 0f, -0f, float.PositiveInfinity, float.NegativeInfinity, 1f, 1f, 0.5f];
        for (var round = 0; round < 50; round++)
        {
            var scores = Enumerable.Range(0, count)
                .Select(_ => random.Next(3) == 0 ? specials[random.Next(specials.Length)] : (float)Math.Round(random.NextDouble() * 4, 1))
                .ToArray();
            var expected = Enumerable.Range(0, count)
                .OrderByDescending(i => float.IsNaN(scores[i]) ? float.NegativeInfinity : scores[i])
                .Take(topN)
                .ToArray();
            var destination = new int[Math.Min(topN, count)];

            var selected = TopScores.Select(scores, destination);

            Assert.Equal(expected, destination.AsSpan(0, selected).ToArray());
        }
    }
}
