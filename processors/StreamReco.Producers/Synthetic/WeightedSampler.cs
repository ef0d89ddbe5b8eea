namespace StreamReco.Producers.Synthetic;

/// <summary>Draws indices with fixed weights by binary search over the cumulative weights.</summary>
internal sealed class WeightedSampler
{
    private readonly double[] _cumulative;

    public WeightedSampler(IReadOnlyList<double> weights)
    {
        if (weights.Count == 0)
        {
            throw new ArgumentException("A sampler needs at least one weight.", nameof(weights));
        }

        _cumulative = new double[weights.Count];
        var sum = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            sum += weights[i];
            _cumulative[i] = sum;
        }
    }

    public int Next(Random random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, _cumulative.Length - 1);
    }
}
