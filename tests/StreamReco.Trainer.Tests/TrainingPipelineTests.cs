using StreamReco.Features;
using StreamReco.Trainer.Evaluation;
using StreamReco.Trainer.Training;
using Xunit.Abstractions;

namespace StreamReco.Trainer.Tests;

public sealed class TrainingPipelineTests(ITestOutputHelper output)
{
    private static readonly TrainingPipelineOptions SmallOptions = new()
    {
        TuningBudget = 3,
        TuningInitialPoints = 2,
        MaxTrees = 30,
        Threads = 1,
        ReferenceSampleSize = 200,
    };

    [Fact]
    public void Training_on_learnable_data_beats_chance_and_popularity()
    {
        var result = OfflineEvaluation.Run(SyntheticSnapshots.Generate(2000), SmallOptions);
        var outcome = result.Outcome;
        var table = result.FormatTable();
        output.WriteLine(table);

        foreach (var c in outcome.Candidates)
        {
            output.WriteLine(
                "{0}: test AUC {1:F3} logloss {2:F3} F1 {3:F3} NDCG@10 {4:F3} HR@10 {5:F3} MRR {6:F3} gap {7:F3}",
                c.Algorithm, c.Test.Auc, c.Test.LogLoss, c.Test.AtThreshold.F1, c.Test.Ranking.Ndcg, c.Test.Ranking.HitRate, c.Test.Ranking.Mrr,
                c.TrainTestAucGap);
        }

        var p = outcome.PopularityTest;
        output.WriteLine("popularity: AUC {0:F3} logloss {1:F3} NDCG@10 {2:F3} MRR {3:F3}", p.Auc, p.LogLoss, p.Ranking.Ndcg, p.Ranking.Mrr);

        Assert.Equal(3, outcome.Candidates.Count);
        foreach (var c in outcome.Candidates)
        {
            Assert.True(c.Test.Auc > 0.7, c.Algorithm + " test AUC " + c.Test.Auc);
            Assert.True(c.Test.Ranking.Ndcg > outcome.PopularityTest.Ranking.Ndcg, c.Algorithm + " NDCG vs popularity");
            Assert.True(double.IsFinite(c.TrainTestAucGap));
            Assert.Equal(3, c.Tuning.Trials.Count);
        }

        Assert.Contains("popularity", table, StringComparison.Ordinal);
        Assert.Contains("NDCG@10", table, StringComparison.Ordinal);
        Assert.Contains("* " + outcome.Selected.Algorithm, table, StringComparison.Ordinal);
        Assert.Contains(outcome.Selected.Test.Auc.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), table, StringComparison.Ordinal);
        Assert.Equal(FeatureVector.Length + 1, outcome.ReferenceDistributions.Count);
        Assert.Equal(TrainingPipeline.ScoreFeature, outcome.ReferenceDistributions[^1].Feature);
        Assert.Equal(outcome.Split.Test.Count, outcome.ReferenceDistributions[^1].PopulationCount);
    }

    [Fact]
    public void Saved_model_loads_with_features_only_input_and_reproduces_scores()
    {
        var data = SyntheticSnapshots.Generate(1500);
        var split = DatasetSplit.ByTime(data, new TimeSplitOptions());
        foreach (var algorithm in Enum.GetValues<ModelAlgorithm>())
        {
            var model = new ModelTrainer(1, 1).Train(algorithm, new TreeHyperParameters(8, 20, 0.2, 10), split.Train);
            var vectors = split.Test.Select(FeatureRows.Vector).ToArray();
            var direct = model.Score(vectors);

            var loaded = ModelScorer.Load(model.Save()).Score(vectors);

            Assert.Equal(direct.Scores, loaded.Scores);
            Assert.Equal(algorithm != ModelAlgorithm.FastTreeRanking, loaded.Probabilities is not null);
            Assert.True(BinaryMetrics.Auc(loaded.Scores, split.Test.Select(s => s.Label).ToArray()) > 0.65, algorithm.ToString());
        }
    }
}
