using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StreamReco.Features;
using StreamReco.Trainer.Evaluation;
using StreamReco.Trainer.Training;

namespace StreamReco.Trainer.Tests;

// Shares the process-wide champion/challenger counters; runs apart from other classes that move them.
[Collection("TrainerMetrics")]
public sealed class ChampionChallengerTests
{
    private static readonly ChampionChallengerOptions AucOptions = new() { PrimaryMetric = MetricNames.Auc, Margin = 0.01 };

    [Fact]
    public void Without_champion_the_challenger_is_published()
    {
        var verdict = ChampionChallenger.Decide(AucOptions, Metrics(auc: 0.7, logLoss: 0.5), null);

        Assert.Equal(ChampionDecision.PublishedNoChampion, verdict.Decision);
        Assert.True(verdict.Publish);
    }

    [Fact]
    public void Challenger_must_beat_the_champion_by_the_margin()
    {
        Assert.Equal(ChampionDecision.PublishedBetter, ChampionChallenger.Decide(AucOptions, Metrics(0.75, 0.5), Metrics(0.74, 0.5)).Decision);
        var rejected = ChampionChallenger.Decide(AucOptions, Metrics(0.745, 0.5), Metrics(0.74, 0.5));
        Assert.Equal(ChampionDecision.RejectedNotBetter, rejected.Decision);
        Assert.False(rejected.Publish);
        Assert.Equal(0.74, rejected.Champion);
        Assert.Equal(ChampionDecision.RejectedNotBetter, ChampionChallenger.Decide(AucOptions, Metrics(0.70, 0.5), Metrics(0.74, 0.5)).Decision);
    }

    [Fact]
    public void Lower_is_better_metrics_are_compared_the_other_way()
    {
        var options = new ChampionChallengerOptions { PrimaryMetric = MetricNames.LogLoss, Margin = 0.01 };

        Assert.Equal(ChampionDecision.PublishedBetter, ChampionChallenger.Decide(options, Metrics(0.5, 0.40), Metrics(0.9, 0.45)).Decision);
        Assert.Equal(ChampionDecision.RejectedNotBetter, ChampionChallenger.Decide(options, Metrics(0.9, 0.45), Metrics(0.5, 0.40)).Decision);
    }

    [Fact]
    public void Undefined_challenger_metric_is_rejected_and_unusable_champion_is_replaced()
    {
        Assert.Equal(ChampionDecision.RejectedInvalidMetric, ChampionChallenger.Decide(AucOptions, Metrics(double.NaN, 0.5), null).Decision);
        Assert.Equal(
            ChampionDecision.PublishedChampionUnusable,
            ChampionChallenger.Decide(AucOptions, Metrics(0.6, 0.5), null, championUnusable: true).Decision);
    }

    [Fact]
    public void Coordinator_publishes_first_model_rejects_an_equal_one_and_replaces_a_weak_one()
    {
        var data = SyntheticSnapshots.Generate(1000);
        var pipeline = new TrainingPipeline(new TrainingPipelineOptions
        {
            Algorithms = [ModelAlgorithm.FastTree],
            TuningBudget = 2,
            TuningInitialPoints = 2,
            MaxTrees = 30,
            Threads = 1,
            ReferenceSampleSize = 100,
        });
        var coordinator = new TrainingCoordinator(pipeline, AucOptions, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000)),
            NullLogger.Instance);
        var published = TrainerMetrics.Decision(ChampionDecision.PublishedNoChampion).Value;
        var rejected = TrainerMetrics.Decision(ChampionDecision.RejectedNotBetter).Value;

        var first = coordinator.Run("ctr", data, null);

        Assert.Equal(ChampionDecision.PublishedNoChampion, first.Verdict.Decision);
        Assert.Equal(published + 1, TrainerMetrics.Decision(ChampionDecision.PublishedNoChampion).Value);
        Assert.Equal("1800000000000", first.Manifest.Version);
        Assert.Equal(FeatureVector.Names, first.Manifest.FeatureNames);
        Assert.Equal(first.Outcome.Selected.Test.Auc, first.Manifest.Metrics[MetricNames.Auc]);
        Assert.True(first.Manifest.Metrics.ContainsKey(MetricNames.TrainTestAucGap));
        Assert.True(first.Manifest.Metrics.ContainsKey("popularity_auc"));

        // Same data, same seed: the challenger equals the champion, which is not better by the margin.
        var champion = Champion(first);
        var second = coordinator.Run("ctr", data, champion);
        Assert.Equal(ChampionDecision.RejectedNotBetter, second.Verdict.Decision);
        Assert.Equal(second.Verdict.Challenger, second.Verdict.Champion!.Value, 9);
        Assert.Equal(rejected + 1, TrainerMetrics.Decision(ChampionDecision.RejectedNotBetter).Value);
        Assert.True(long.Parse(second.Manifest.Version, System.Globalization.CultureInfo.InvariantCulture) > 1_800_000_000_000);

        // A champion trained on shuffled labels is near chance and is replaced.
        var random = new Random(5);
        var noise = data.Select(s => s with { Label = random.Next(4) == 0 ? 1 : 0 }).ToList();
        var weakModel = new ModelTrainer(1, 1).Train(ModelAlgorithm.FastTree, new TreeHyperParameters(8, 20, 0.2, 5), noise);
        var weak = champion with { ModelBytes = weakModel.Save(), Threshold = 0.5 };
        var third = coordinator.Run("ctr", data, weak);
        Assert.Equal(ChampionDecision.PublishedBetter, third.Verdict.Decision);
        Assert.True(third.ChampionTest!.Auc < 0.6, "weak champion AUC " + third.ChampionTest.Auc);

        // A champion built for another feature schema cannot be compared and is replaced.
        var fourth = coordinator.Run("ctr", data, champion with { FeatureSchemaFingerprint = 1 });
        Assert.Equal(ChampionDecision.PublishedChampionUnusable, fourth.Verdict.Decision);
        Assert.Null(fourth.ChampionTest);
    }

    private static ChampionModel Champion(TrainingRunResult run) => new(
        "ctr", run.Manifest.Version, 1, FeatureVector.SchemaFingerprint, run.ModelBytes, run.Outcome.Selected.Test.AtThreshold.Threshold,
        run.Outcome.Selected.Calibrator);

    private static EvaluationMetrics Metrics(double auc, double logLoss) =>
        new(auc, logLoss, new ThresholdMetrics(0.5, 0.5, 0.5, 0.5), new RankingScores(0.5, 0.5, 0.5, 10), 100);
}
