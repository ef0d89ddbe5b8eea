using StreamReco.Features;
using StreamReco.Scoring.Models;

namespace StreamReco.Scoring.Tests;

public sealed class ModelRegistryTests
{
    public static TheoryData<string, string> BadModels => new()
    {
        { "reordered-names", "feature 0 is" },
        { "fingerprint", "fingerprint" },
        { "wrong-vector-length", "float vector of length" },
        { "corrupt-bytes", "not a loadable ML.NET model" },
        { "fewer-names", "model expects 25 features" },
    };

    [Fact]
    public void Valid_model_is_served_and_its_version_is_exported()
    {
        var world = new ScoringWorld();

        var activation = world.ActivateModel("v1");

        Assert.True(activation.Accepted);
        Assert.Equal("v1", world.Registry.Current?.Version);
        Assert.Equal("v1", world.Metrics.ServedVersion);
        Assert.Equal(1, world.Metrics.AcceptedActivations);
    }

    [Fact]
    public void Loaded_model_scores_with_the_trained_signal()
    {
        var model = new MlNetModelLoader().Load(TestModels.Verified("v1"));
        var low = new float[FeatureVector.Length];
        var high = new float[FeatureVector.Length];
        high[TestModels.TrendingIndex] = 0.95f;
        high[TestModels.AffinityIndex] = 0.95f;

        var scores = model.Score([low, high]);

        Assert.Equal(2, scores.Length);
        Assert.True(scores[1] > scores[0], "score(high)=" + scores[1] + " score(low)=" + scores[0]);
    }

    [Theory]
    [MemberData(nameof(BadModels))]
    public void Bad_model_is_rejected_with_a_clear_reason_and_the_previous_keeps_serving(string kind, string expectedReason)
    {
        var world = new ScoringWorld();
        world.ActivateModel("v1");
        var bad = kind switch
        {
            "reordered-names" => TestModels.Verified("v2", names: FeatureVector.Names.Reverse().ToArray()),
            "fingerprint" => TestModels.Verified("v2", fingerprint: FeatureVector.SchemaFingerprint + 1),
            "wrong-vector-length" => TestModels.Verified("v2", bytes: TestModels.WrongLengthBytes),
            "corrupt-bytes" => TestModels.Verified("v2", bytes: [1, 2, 3, 4]),
            "fewer-names" => TestModels.Verified("v2", names: FeatureVector.Names.Take(25).ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var activation = world.Registry.Activate(bad);

        Assert.False(activation.Accepted);
        Assert.Contains(expectedReason, activation.RejectionReason, StringComparison.Ordinal);
        Assert.Equal("v1", world.Registry.Current?.Version);
        Assert.Equal("v1", world.Metrics.ServedVersion);
        Assert.Equal(1, world.Metrics.RejectedActivations);
        world.Users.Set(TestData.User("u1", Schemas.Contracts.UserSegment.Core, ("c1", 1.0)));
        Assert.Equal("v1", world.Recommend("u1").ModelVersion);
    }

    [Fact]
    public void Rejected_first_model_leaves_the_scorer_without_a_model()
    {
        var world = new ScoringWorld();

        var activation = world.Registry.Activate(TestModels.Verified("v1", bytes: TestModels.WrongLengthBytes));

        Assert.False(activation.Accepted);
        Assert.Null(world.Registry.Current);
        Assert.Null(world.Metrics.ServedVersion);
    }

    [Fact]
    public void Same_version_offered_again_is_not_reloaded()
    {
        var world = new ScoringWorld();
        world.ActivateModel("v1");
        var first = world.Registry.Current;

        var again = world.ActivateModel("v1");

        Assert.True(again.Accepted);
        Assert.Same(first, world.Registry.Current);
        Assert.Equal(1, world.Metrics.AcceptedActivations);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_scoring_on_one_model_matches_sequential_scores_and_engines_are_prewarmed(bool compileTrees)
    {
        var model = new MlNetModelLoader(compileTrees).Load(TestModels.Verified("v1"));
        var random = new Random(3);
        var batches = Enumerable.Range(0, 16)
            .Select(_ => Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, FeatureVector.Length).Select(_ => (float)random.NextDouble()).ToArray()).ToArray())
            .ToArray();
        var sequential = batches.Select(b => model.Score(b)).ToArray();

        var concurrent = await Task.WhenAll(batches.Select(b => Task.Run(() => model.Score(b))));

        for (var i = 0; i < batches.Length; i++)
        {
            Assert.Equal(sequential[i], concurrent[i]);
        }

        if (compileTrees)
        {
            Assert.Equal(EvaluatorNames.CompiledTrees, model.Evaluator);
        }
        else
        {
            Assert.True(((MlNetScoringModel)model).PooledEngines >= Math.Min(Environment.ProcessorCount, 8));
        }
    }
}
