namespace StreamReco.Trainer.Tuning;

/// <summary>Uniform random search over the unit cube; the baseline the Bayesian optimiser must beat.</summary>
public static class RandomSearch
{
    public static OptimizationResult Maximize(SearchSpace space, Func<IReadOnlyDictionary<string, double>, double> objective, int budget, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(objective);
        var random = new Random(seed);
        var trials = new List<Trial>(budget);
        for (var t = 0; t < budget; t++)
        {
            var u = new double[space.Dimensions.Count];
            for (var d = 0; d < u.Length; d++)
            {
                u[d] = random.NextDouble();
            }

            var parameters = space.ToParameters(u);
            trials.Add(new Trial(u, parameters, objective(parameters)));
        }

        return new OptimizationResult(trials);
    }
}
