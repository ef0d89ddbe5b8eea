using System.Diagnostics;
using StreamReco.Features;
using StreamReco.Schemas.Contracts;
using StreamReco.Trainer.Evaluation;
using StreamReco.Trainer.Tuning;

namespace StreamReco.Trainer.Training;

/// <summary>
/// Split by time -> tune each algorithm with the Bayesian optimiser on the validation period -> calibrate probability
/// (ranker only) and the decision threshold (max F1) on validation -> measure on the test period, against popularity.
/// </summary>
public sealed class TrainingPipeline
{
    /// <summary>Reference-distribution name of the model score.</summary>
    public const string ScoreFeature = "__score__";

    private readonly TrainingPipelineOptions _options;

    public TrainingPipeline(TrainingPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Algorithms.Count == 0)
        {
            throw new ArgumentException("At least one algorithm is required.", nameof(options));
        }

        if (!MetricNames.IsComparable(options.PrimaryMetric))
        {
            throw new ArgumentException("Unknown primary metric '" + options.PrimaryMetric + "'.", nameof(options));
        }

        _options = options;
    }

    public TrainingPipelineOptions Options => _options;

    public TrainingOutcome Run(IEnumerable<TrainingSnapshot> snapshots)
    {
        var stopwatch = Stopwatch.StartNew();
        var split = DatasetSplit.ByTime(snapshots, _options.Split);
        CheckPeriods(split);

        var candidates = _options.Algorithms.Select(a => TuneAndEvaluate(a, split)).ToList();
        var sign = MetricNames.LowerIsBetter(_options.PrimaryMetric) ? -1 : 1;
        var selected = candidates.MaxBy(c => Finite(sign * c.Validation.Get(_options.PrimaryMetric)))!;

        var popularity = EvaluatePopularity(split);
        var references = ReferenceDistributions(split.Test, selected.TestScores);
        return new TrainingOutcome(split, candidates, selected, popularity, references, stopwatch.Elapsed);
    }

    /// <summary>Metrics of an already trained model (e.g. the serving champion) on a test period, with its own stored threshold.</summary>
    public static EvaluationMetrics EvaluateModel(byte[] modelBytes, IReadOnlyList<TrainingSnapshot> test, double threshold, PlattCalibrator? calibrator)
    {
        ArgumentNullException.ThrowIfNull(test);
        var scores = ModelScorer.Load(modelBytes).Score(test.Select(FeatureRows.Vector).ToArray());
        var probabilities = Probabilities(scores, calibrator);
        return EvaluationMetrics.Compute(Users(test), scores.Scores, probabilities, Labels(test), threshold);
    }

    private CandidateResult TuneAndEvaluate(ModelAlgorithm algorithm, DatasetSplit split)
    {
        var trainer = new ModelTrainer(_options.Seed, _options.Threads);
        var validationVectors = split.Validation.Select(FeatureRows.Vector).ToArray();
        var validationLabels = Labels(split.Validation);
        var validationUsers = Users(split.Validation);
        var models = new List<ModelScorer>();
        var sign = MetricNames.LowerIsBetter(_options.PrimaryMetric) ? -1 : 1;

        var optimizer = new BayesianOptimizer(SearchSpace.TreeEnsemble(_options.MaxTrees), new BayesianOptimizerOptions
        {
            Budget = _options.TuningBudget,
            InitialRandomPoints = _options.TuningInitialPoints,
            Seed = _options.Seed + (int)algorithm,
        });
        var tuning = optimizer.Maximize(parameters =>
        {
            var model = trainer.Train(algorithm, TreeHyperParameters.From(parameters), split.Train);
            models.Add(model);
            var scores = model.Score(validationVectors);
            var probabilities = scores.Probabilities ?? Probabilities(scores, PlattCalibrator.Fit(scores.Scores, validationLabels));
            var metrics = EvaluationMetrics.Compute(validationUsers, scores.Scores, probabilities, validationLabels, 0.5);
            return sign * metrics.Get(_options.PrimaryMetric);
        });

        var bestIndex = tuning.Trials.ToList().IndexOf(tuning.Best);
        var best = models[bestIndex];
        var validationScores = best.Score(validationVectors);
        var calibrator = validationScores.Probabilities is null ? PlattCalibrator.Fit(validationScores.Scores, validationLabels) : null;
        var validationProbabilities = Probabilities(validationScores, calibrator);
        var threshold = BinaryMetrics.MaxF1Threshold(validationProbabilities, validationLabels).Threshold;

        var validation = EvaluationMetrics.Compute(validationUsers, validationScores.Scores, validationProbabilities, validationLabels, threshold);
        var train = Evaluate(best, split.Train, threshold, calibrator, out _);
        var test = Evaluate(best, split.Test, threshold, calibrator, out var testScores);
        return new CandidateResult(
            algorithm, TreeHyperParameters.From(tuning.Best.Parameters), tuning, train, validation, test, calibrator, best.Save(), testScores);
    }

    private EvaluationMetrics EvaluatePopularity(DatasetSplit split)
    {
        var popularity = PopularityBaseline.Fit(split.Train);
        var validationScores = split.Validation.Select(s => popularity.Score(s.ItemId)).ToArray();
        var validationLabels = Labels(split.Validation);
        // Counts are heavy-tailed; calibrate on log(1 + count) so one sigmoid fits.
        var calibrator = PlattCalibrator.Fit(validationScores.Select(double.LogP1).ToArray(), validationLabels);
        var validationProbabilities = validationScores.Select(s => calibrator.Probability(double.LogP1(s))).ToArray();
        var threshold = BinaryMetrics.MaxF1Threshold(validationProbabilities, validationLabels).Threshold;

        var testScores = split.Test.Select(s => popularity.Score(s.ItemId)).ToArray();
        var testProbabilities = testScores.Select(s => calibrator.Probability(double.LogP1(s))).ToArray();
        return EvaluationMetrics.Compute(Users(split.Test), testScores, testProbabilities, Labels(split.Test), threshold);
    }

    private IReadOnlyList<ReferenceSample> ReferenceDistributions(IReadOnlyList<TrainingSnapshot> test, IReadOnlyList<double> scores)
    {
        var samples = new List<ReferenceSample>(FeatureVector.Length + 1);
        for (var f = 0; f < FeatureVector.Length; f++)
        {
            var name = FeatureVector.Names[f];
            var sampler = new ReservoirSampler(_options.ReferenceSampleSize, _options.Seed + f);
            foreach (var s in test)
            {
                sampler.Add(s.Features[name]);
            }

            samples.Add(new ReferenceSample(name, sampler.SortedSample(), sampler.Seen));
        }

        var scoreSampler = new ReservoirSampler(_options.ReferenceSampleSize, _options.Seed - 1);
        foreach (var score in scores)
        {
            scoreSampler.Add(score);
        }

        samples.Add(new ReferenceSample(ScoreFeature, scoreSampler.SortedSample(), scoreSampler.Seen));
        return samples;
    }

    private static EvaluationMetrics Evaluate(
        ModelScorer model, IReadOnlyList<TrainingSnapshot> rows, double threshold, PlattCalibrator? calibrator, out IReadOnlyList<double> rawScores)
    {
        var scores = model.Score(rows.Select(FeatureRows.Vector).ToArray());
        rawScores = scores.Scores;
        return EvaluationMetrics.Compute(Users(rows), scores.Scores, Probabilities(scores, calibrator), Labels(rows), threshold);
    }

    private static IReadOnlyList<double> Probabilities(ModelScores scores, PlattCalibrator? calibrator) =>
        scores.Probabilities ?? (calibrator is null
            ? throw new InvalidOperationException("A model without a Probability column needs a calibrator.")
            : scores.Scores.Select(calibrator.Probability).ToArray());

    private void CheckPeriods(DatasetSplit split)
    {
        foreach (var (name, rows) in new[] { ("train", split.Train), ("validation", split.Validation), ("test", split.Test) })
        {
            if (rows.Count < _options.MinimumRowsPerPeriod || rows.All(r => r.Label == 1) || rows.All(r => r.Label == 0))
            {
                throw new InsufficientTrainingDataException(
                    "The " + name + " period has " + rows.Count + " rows; it needs at least " + _options.MinimumRowsPerPeriod + " with both labels.");
            }
        }
    }

    private static int[] Labels(IReadOnlyList<TrainingSnapshot> rows) => rows.Select(r => r.Label).ToArray();

    private static string[] Users(IReadOnlyList<TrainingSnapshot> rows) => rows.Select(r => r.UserId).ToArray();

    private static double Finite(double value) => double.IsFinite(value) ? value : double.MinValue;
}
