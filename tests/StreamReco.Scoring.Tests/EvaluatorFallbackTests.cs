using Microsoft.ML;
using Microsoft.ML.Data;
using StreamReco.Features;
using StreamReco.Scoring.Models;

namespace StreamReco.Scoring.Tests;

public sealed class EvaluatorFallbackTests
{
    private static readonly Lazy<byte[]> NormalizedFastTree = new(() => Train(ml => ml.Transforms.NormalizeMinMax(nameof(TrainingRow.Features))
        .Append(ml.BinaryClassification.Trainers.FastTree(nameof(TrainingRow.Label), nameof(TrainingRow.Features), numberOfLeaves: 8, numberOfTrees: 10))));

    private static readonly Lazy<byte[]> FastForest = new(() => Train(ml =>
        ml.BinaryClassification.Trainers.FastForest(nameof(TrainingRow.Label), nameof(TrainingRow.Features), numberOfLeaves: 8, numberOfTrees: 10)));

    [Fact]
    public void Transform_before_the_trees_is_served_by_mlnet_with_the_reason_counted()
    {
        var metrics = new ScoringMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        var registry = new ModelRegistry(new MlNetModelLoader(), metrics);

        var activation = registry.Activate(TestModels.Verified("v1", NormalizedFastTree.Value));

        Assert.True(activation.Accepted);
        Assert.Equal(EvaluatorNames.MlNet, registry.Current!.Evaluator);
        Assert.Equal(EvaluatorFallbackReasons.UnsupportedPipeline, registry.Current.EvaluatorFallbackReason);
        Assert.Equal(EvaluatorNames.MlNet, metrics.ServedEvaluator);
        Assert.Equal(1, metrics.EvaluatorFallbackCount(EvaluatorFallbackReasons.UnsupportedPipeline));
        AssertScoresLikeMlNet(registry.Current, NormalizedFastTree.Value);
    }

    [Fact]
    public void Tree_model_that_is_not_a_plain_leaf_sum_is_served_by_mlnet()
    {
        var model = CompiledTreeEvaluatorTests.Load(FastForest.Value, compileTrees: true);

        Assert.Equal(EvaluatorNames.MlNet, model.Evaluator);
        Assert.Equal(EvaluatorFallbackReasons.UnsupportedModel, model.EvaluatorFallbackReason);
        AssertScoresLikeMlNet(model, FastForest.Value);
    }

    [Fact]
    public void Switched_off_compilation_serves_mlnet_and_says_so()
    {
        var model = CompiledTreeEvaluatorTests.Load(TestModels.ValidBytes, compileTrees: false);

        Assert.Equal(EvaluatorNames.MlNet, model.Evaluator);
        Assert.Equal(EvaluatorFallbackReasons.Disabled, model.EvaluatorFallbackReason);
    }

    private static void AssertScoresLikeMlNet(IScoringModel model, byte[] bytes)
    {
        var random = new Random(3);
        var vectors = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, FeatureVector.Length).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var reference = ModelScorerScores(bytes, vectors);
        Assert.Equal(reference, model.Score(vectors));
    }

    private static float[] ModelScorerScores(byte[] bytes, float[][] vectors) =>
        [.. Trainer.Training.ModelScorer.Load(bytes).Score(vectors).Scores.Select(s => (float)s)];

    private static byte[] Train(Func<MLContext, IEstimator<ITransformer>> pipeline)
    {
        var ml = new MLContext(seed: 3);
        var random = new Random(13);
        var rows = new List<TrainingRow>();
        for (var n = 0; n < 300; n++)
        {
            var features = Enumerable.Range(0, FeatureVector.Length).Select(_ => (float)random.NextDouble()).ToArray();
            rows.Add(new TrainingRow { Features = features, Label = features[TestModels.TrendingIndex] + features[TestModels.AffinityIndex] > 1 });
        }

        var definition = SchemaDefinition.Create(typeof(TrainingRow));
        definition[nameof(TrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureVector.Length);
        var data = ml.Data.LoadFromEnumerable(rows, definition);
        var model = pipeline(ml).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }
}
