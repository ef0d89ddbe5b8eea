using StreamReco.Features;
using StreamReco.Scoring.Models;
using StreamReco.Trainer.Training;

namespace StreamReco.Scoring.Tests;

public sealed class CompiledTreeEvaluatorTests
{
    public static TheoryData<ModelAlgorithm> Algorithms => new() { ModelAlgorithm.FastTree, ModelAlgorithm.LightGbm, ModelAlgorithm.FastTreeRanking };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Trainer_models_are_served_by_compiled_trees_with_scores_identical_to_mlnet(ModelAlgorithm algorithm)
    {
        var bytes = TreeModels.For(algorithm);
        var compiled = Load(bytes, compileTrees: true);
        var mlNet = Load(bytes, compileTrees: false);
        var vectors = RandomAndThresholdVectors(((CompiledScoringModel)compiled).Ensemble, seed: 41);

        var actual = compiled.Score(vectors);

        Assert.Equal(EvaluatorNames.CompiledTrees, compiled.Evaluator);
        Assert.Null(compiled.EvaluatorFallbackReason);
        Assert.Equal(mlNet.Score(vectors), actual);
        // Training/serving parity: the trainer's own batch scoring of the saved model gives the same floats.
        Assert.Equal(ModelScorer.Load(bytes).Score(vectors).Scores.Select(s => (float)s), actual);
        Assert.True(actual.Distinct().Count() > 20, "the model should not be (nearly) constant, or equality proves little");
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Vectors_with_missing_values_are_scored_by_mlnet_inside_the_compiled_model(ModelAlgorithm algorithm)
    {
        var bytes = TreeModels.For(algorithm);
        var compiled = (CompiledScoringModel)Load(bytes, compileTrees: true);
        var mlNet = Load(bytes, compileTrees: false);
        var random = new Random(5);
        var vectors = Enumerable.Range(0, 60).Select(_ => RealisticFeatures.Vector(random)).ToArray();
        for (var i = 0; i < vectors.Length; i += 2)
        {
            for (var k = 0; k < 1 + (i % 4); k++)
            {
                vectors[i][random.Next(FeatureVector.Length)] = float.NaN;
            }
        }

        var actual = compiled.Score(vectors);

        Assert.Equal(mlNet.Score(vectors), actual);
        Assert.Equal(30, compiled.DelegatedVectors);
    }

    [Fact]
    public void Compiled_scoring_of_200_candidates_allocates_nothing()
    {
        var model = Load(TreeModels.For(ModelAlgorithm.FastTree), compileTrees: true);
        var random = new Random(9);
        var rows = Enumerable.Range(0, 200).SelectMany(_ => RealisticFeatures.Vector(random)).ToArray();
        var scores = new float[200];
        model.Score(rows, scores);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            model.Score(rows, scores);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Contains(scores, s => s != scores[0]);
    }

    [Fact]
    public void Parity_check_passes_the_compiled_trees_and_rejects_a_strict_less_than_split()
    {
        var model = (CompiledScoringModel)Load(TreeModels.For(ModelAlgorithm.LightGbm), compileTrees: true);
        var ensemble = model.Ensemble;
        var mlNet = Load(TreeModels.For(ModelAlgorithm.LightGbm), compileTrees: false);

        var exact = EvaluatorParityCheck.Run(ensemble, (rows, scores) => mlNet.Score(rows.Span, scores.Span));
        var strict = EvaluatorParityCheck.Run(ensemble, (rows, scores) => StrictLessThan(ensemble, rows.Span, scores.Span));

        Assert.True(exact.Passed, exact.Mismatch);
        Assert.Equal(0, exact.MaxAbsoluteDifference);
        Assert.True(exact.Vectors > EvaluatorParityCheck.RandomVectors + ensemble.NodeCount);
        Assert.False(strict.Passed);
        Assert.NotNull(strict.Mismatch);
    }

    [Fact]
    public void Served_evaluator_is_exported_on_the_model_info()
    {
        var world = new ScoringWorld();

        world.ActivateModel("v1");

        Assert.Equal(EvaluatorNames.CompiledTrees, world.Registry.Current!.Evaluator);
        Assert.Equal(EvaluatorNames.CompiledTrees, world.Metrics.ServedEvaluator);
        Assert.All(EvaluatorFallbackReasons.All, r => Assert.Equal(0, world.Metrics.EvaluatorFallbackCount(r)));
    }

    [Fact]
    public void Recommendations_are_identical_whichever_evaluator_serves()
    {
        var worlds = new[] { new ScoringWorld(compileTrees: true), new ScoringWorld(compileTrees: false) };
        var lists = worlds.Select(world =>
        {
            world.ActivateModel("v1");
            world.Users.Set(TestData.User("u1", Schemas.Contracts.UserSegment.Core, ("c2", 0.8), ("c3", 0.2)));
            world.Observe(TestData.Click("u1", "c1-i5", "c1", TestData.Now - 1000));
            var rec = world.Recommend("u1");
            return rec.Items.Select(i => (i.ItemId, i.Score, i.Source)).ToArray();
        }).ToArray();

        Assert.Equal(EvaluatorNames.CompiledTrees, worlds[0].Registry.Current!.Evaluator);
        Assert.Equal(EvaluatorNames.MlNet, worlds[1].Registry.Current!.Evaluator);
        Assert.Equal(worlds[0].Options.TopN, lists[0].Length);
        Assert.Equal(lists[1], lists[0]);
    }

    internal static IScoringModel Load(byte[] bytes, bool compileTrees) =>
        new MlNetModelLoader(compileTrees).Load(TestModels.Verified("v1", bytes));

    /// <summary>Realistic random vectors, and for every split a random vector with that feature at, just below and just above the threshold.</summary>
    private static float[][] RandomAndThresholdVectors(CompiledTreeEnsemble ensemble, int seed)
    {
        var random = new Random(seed);
        var vectors = Enumerable.Range(0, 500).Select(_ => RealisticFeatures.Vector(random)).ToList();
        vectors.Add(new float[FeatureVector.Length]);
        foreach (var node in ensemble.Nodes)
        {
            foreach (var value in (float[])[node.Threshold, MathF.BitDecrement(node.Threshold), MathF.BitIncrement(node.Threshold)])
            {
                var vector = RealisticFeatures.Vector(random);
                vector[node.Feature] = value;
                vectors.Add(vector);
            }
        }

        // Vectors routed to each node with its feature at the threshold (the parity check's construction, another seed).
        var routed = EvaluatorParityCheck.Vectors(ensemble, seed: seed + 1);
        vectors.AddRange(routed.Chunk(FeatureVector.Length));
        return [.. vectors];
    }

    /// <summary>The compiled walk with "&lt;" instead of "&lt;=": wrong exactly at thresholds.</summary>
    private static void StrictLessThan(CompiledTreeEnsemble ensemble, ReadOnlySpan<float> rows, Span<float> scores)
    {
        var nodes = ensemble.Nodes;
        var leaves = ensemble.LeafValues;
        for (var i = 0; i < scores.Length; i++)
        {
            var row = rows.Slice(i * ensemble.FeatureCount, ensemble.FeatureCount);
            var sum = 0.0;
            foreach (var root in ensemble.Roots)
            {
                var index = root;
                while (index >= 0)
                {
                    index = row[nodes[index].Feature] < nodes[index].Threshold ? nodes[index].LessOrEqual : nodes[index].Greater;
                }

                sum += leaves[~index];
            }

            scores[i] = (float)sum;
        }
    }
}
