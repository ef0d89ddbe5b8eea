namespace StreamReco.Trainer.Tuning;

/// <summary>Budget and knobs of <see cref="BayesianOptimizer"/>.</summary>
public sealed record BayesianOptimizerOptions
{
    /// <summary>Total objective evaluations, including the random initial design.</summary>
    public int Budget { get; init; } = 20;

    /// <summary>Random points evaluated before the surrogate is used; at least 2.</summary>
    public int InitialRandomPoints { get; init; } = 5;

    /// <summary>Random candidates scored by expected improvement per step (plus as many local perturbations of the best points).</summary>
    public int Candidates { get; init; } = 1000;

    /// <summary>Exploration margin of expected improvement, in standardised objective units.</summary>
    public double Xi { get; init; } = 0.01;

    public int Seed { get; init; } = 42;
}
