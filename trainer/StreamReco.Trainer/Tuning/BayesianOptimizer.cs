namespace StreamReco.Trainer.Tuning;

/// <summary>
/// Bayesian optimisation: a random initial design, then repeatedly fit a <see cref="GaussianProcess"/> to all trials and
/// evaluate the candidate with the highest expected improvement (EI) over the best value so far. Candidates are uniform
/// random points plus Gaussian perturbations of the best trials (cheap local refinement). Maximises the objective.
/// </summary>
public sealed class BayesianOptimizer
{
    private readonly SearchSpace _space;
    private readonly BayesianOptimizerOptions _options;

    public BayesianOptimizer(SearchSpace space, BayesianOptimizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Budget, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Candidates, 1);
        _space = space;
        _options = options;
    }

    public OptimizationResult Maximize(Func<IReadOnlyDictionary<string, double>, double> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var random = new Random(_options.Seed);
        var dims = _space.Dimensions.Count;
        var trials = new List<Trial>(_options.Budget);
        var initial = Math.Min(_options.Budget, Math.Max(2, _options.InitialRandomPoints));
        for (var t = 0; t < _options.Budget; t++)
        {
            var u = t < initial ? RandomPoint(random, dims) : NextByExpectedImprovement(trials, random, dims);
            var parameters = _space.ToParameters(u);
            var value = objective(parameters);
            // A failed evaluation (NaN) must not poison the surrogate: record it as the worst value seen.
            if (!double.IsFinite(value))
            {
                value = trials.Count == 0 ? -1e9 : trials.Min(x => x.Value);
            }

            trials.Add(new Trial(u, parameters, value));
        }

        return new OptimizationResult(trials);
    }

    /// <summary>EI for maximisation: (mu - best - xi) Phi(z) + sigma phi(z), z = (mu - best - xi) / sigma.</summary>
    public static double ExpectedImprovement(double mean, double stdDev, double best, double xi)
    {
        if (stdDev <= 1e-12)
        {
            return Math.Max(0, mean - best - xi);
        }

        var improvement = mean - best - xi;
        var z = improvement / stdDev;
        return improvement * Normal.Cdf(z) + stdDev * Normal.Pdf(z);
    }

    private double[] NextByExpectedImprovement(List<Trial> trials, Random random, int dims)
    {
        var gp = GaussianProcess.Fit(trials.Select(t => t.UnitPoint.ToArray()).ToList(), trials.Select(t => t.Value).ToList());
        var best = trials.Max(t => t.Value);
        var spread = Math.Max(1e-9, StdDev(trials.Select(t => t.Value)));
        var xi = _options.Xi * spread;
        var elite = trials.OrderByDescending(t => t.Value).Take(3).ToArray();

        double[]? bestCandidate = null;
        var bestEi = double.NegativeInfinity;
        for (var c = 0; c < 2 * _options.Candidates; c++)
        {
            double[] candidate;
            if (c < _options.Candidates)
            {
                candidate = RandomPoint(random, dims);
            }
            else
            {
                var centre = elite[c % elite.Length].UnitPoint;
                var width = c % 2 == 0 ? 0.05 : 0.15;
                candidate = new double[dims];
                for (var d = 0; d < dims; d++)
                {
                    candidate[d] = Math.Clamp(centre[d] + width * Normal.Sample(random), 0, 1);
                }
            }

            var (mean, sd) = gp.Predict(candidate);
            var ei = ExpectedImprovement(mean, sd, best, xi);
            if (ei > bestEi)
            {
                bestEi = ei;
                bestCandidate = candidate;
            }
        }

        return bestCandidate ?? RandomPoint(random, dims);
    }

    private static double[] RandomPoint(Random random, int dims)
    {
        var u = new double[dims];
        for (var d = 0; d < dims; d++)
        {
            u[d] = random.NextDouble();
        }

        return u;
    }

    private static double StdDev(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count);
    }
}
