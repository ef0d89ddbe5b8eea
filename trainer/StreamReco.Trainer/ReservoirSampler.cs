namespace StreamReco.Trainer;

/// <summary>Uniform fixed-size sample of a stream (Algorithm R) with a seeded generator, so reference samples are reproducible.</summary>
public sealed class ReservoirSampler
{
    private readonly double[] _reservoir;
    private readonly Random _random;

    public ReservoirSampler(int capacity, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _reservoir = new double[capacity];
        _random = new Random(seed);
    }

    public long Seen { get; private set; }

    public void Add(double value)
    {
        if (Seen < _reservoir.Length)
        {
            _reservoir[Seen] = value;
        }
        else
        {
            var j = _random.NextInt64(Seen + 1);
            if (j < _reservoir.Length)
            {
                _reservoir[j] = value;
            }
        }

        Seen++;
    }

    /// <summary>The sample, sorted ascending.</summary>
    public double[] SortedSample()
    {
        var sample = _reservoir.AsSpan(0, (int)Math.Min(Seen, _reservoir.Length)).ToArray();
        Array.Sort(sample);
        return sample;
    }
}
