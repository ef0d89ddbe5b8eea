using StreamReco.Trainer.Tuning;

namespace StreamReco.Trainer.Tests;

public sealed class BayesianOptimizerTests
{
    private static readonly SearchSpace BraninSpace = new([new SearchDimension("x", -5, 10), new SearchDimension("y", 0, 15)]);

    // Branin has global minimum 0.397887; we maximise its negative.
    private const double BraninOptimum = -0.397887;

    [Fact]
    public void Beats_random_search_on_branin_on_average_over_seeds()
    {
        const int Budget = 25;
        double bayesRegret = 0, randomRegret = 0;
        var seeds = new[] { 1, 2, 3, 4, 5, 6 };
        foreach (var seed in seeds)
        {
            var bayes = new BayesianOptimizer(BraninSpace, new BayesianOptimizerOptions { Budget = Budget, InitialRandomPoints = 5, Seed = seed })
                .Maximize(NegativeBranin);
            var random = RandomSearch.Maximize(BraninSpace, NegativeBranin, Budget, seed);
            bayesRegret += BraninOptimum - bayes.Best.Value;
            randomRegret += BraninOptimum - random.Best.Value;
            Assert.Equal(Budget, bayes.Trials.Count);
        }

        bayesRegret /= seeds.Length;
        randomRegret /= seeds.Length;
        Assert.True(bayesRegret < randomRegret / 2, "GP-EI mean regret " + bayesRegret + " vs random " + randomRegret);
        Assert.True(bayesRegret < 0.5, "GP-EI should get near the optimum, regret " + bayesRegret);
    }

    [Fact]
    public void Beats_random_search_in_four_dimensions()
    {
        var space = new SearchSpace(Enumerable.Range(0, 4).Select(i => new SearchDimension("x" + i, 0, 1)).ToArray());
        double[] centre = [0.2, 0.7, 0.4, 0.9];
        double Objective(IReadOnlyDictionary<string, double> p) => -Enumerable.Range(0, 4).Sum(i => Math.Pow(p["x" + i] - centre[i], 2));

        double bayes = 0, random = 0;
        for (var seed = 1; seed <= 4; seed++)
        {
            bayes += new BayesianOptimizer(space, new BayesianOptimizerOptions { Budget = 25, Seed = seed }).Maximize(Objective).Best.Value;
            random += RandomSearch.Maximize(space, Objective, 25, seed).Best.Value;
        }

        Assert.True(bayes > random, "GP-EI " + bayes / 4 + " vs random " + random / 4);
    }

    [Fact]
    public void Same_seed_gives_the_same_trials()
    {
        var options = new BayesianOptimizerOptions { Budget = 10, Seed = 9 };
        var a = new BayesianOptimizer(BraninSpace, options).Maximize(NegativeBranin);
        var b = new BayesianOptimizer(BraninSpace, options).Maximize(NegativeBranin);

        Assert.Equal(a.Trials.Select(t => t.Value), b.Trials.Select(t => t.Value));
    }

    [Fact]
    public void Expected_improvement_matches_hand_values()
    {
        // At mean == best, EI = sigma * phi(0) = 0.398942 sigma.
        Assert.Equal(0.398942, BayesianOptimizer.ExpectedImprovement(1, 1, 1, 0), 5);
        Assert.Equal(0.797885, BayesianOptimizer.ExpectedImprovement(1, 2, 1, 0), 5);
        // Zero uncertainty: plain improvement.
        Assert.Equal(0.5, BayesianOptimizer.ExpectedImprovement(1.5, 0, 1, 0), 12);
        Assert.Equal(0.975002, Normal.Cdf(1.96), 5);
    }

    [Fact]
    public void Gaussian_process_interpolates_its_observations()
    {
        double[][] x = [[0.1], [0.5], [0.9]];
        double[] y = [1, 3, 2];
        var gp = GaussianProcess.Fit(x, y);

        for (var i = 0; i < x.Length; i++)
        {
            var (mean, sd) = gp.Predict(x[i]);
            Assert.Equal(y[i], mean, 2);
            Assert.True(sd < 0.1, "sd at an observation " + sd);
        }

        Assert.True(gp.Predict([0.3]).StdDev > gp.Predict([0.5]).StdDev);
    }

    [Fact]
    public void Integer_and_log_dimensions_map_from_the_unit_interval()
    {
        var leaves = new SearchDimension("leaves", 4, 64, LogScale: true, IsInteger: true);
        Assert.Equal(4, leaves.FromUnit(0));
        Assert.Equal(64, leaves.FromUnit(1));
        Assert.Equal(16, leaves.FromUnit(0.5)); // geometric midpoint
    }

    private static double NegativeBranin(IReadOnlyDictionary<string, double> p)
    {
        double x = p["x"], y = p["y"];
        const double A = 1, R = 6, S = 10;
        var b = 5.1 / (4 * Math.PI * Math.PI);
        var c = 5 / Math.PI;
        var t = 1 / (8 * Math.PI);
        return -(A * Math.Pow(y - b * x * x + c * x - R, 2) + S * (1 - t) * Math.Cos(x) + S);
    }
}
