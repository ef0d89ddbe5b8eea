using BenchmarkDotNet.Attributes;
using StreamReco.Features;
using StreamReco.Schemas.Contracts;
using StreamReco.Scoring;
using StreamReco.Scoring.Models;
using StreamReco.Trainer.Training;

namespace StreamReco.Benchmarks;

/// <summary>
/// Cost of scoring one recommendation of 200 candidates with a model the trainer produces (default hyper-parameters:
/// 100 trees of 20 leaves): ML.NET's PredictionEngine vs the compiled trees, the candidate vectors (old: a double[] and
/// a float[] per candidate; new: the double[] of FeatureVector.Build written into one pooled row-major buffer), the
/// top-20 ranking (LINQ vs TopScores), and the three together before/after.
/// </summary>
[MemoryDiagnoser]
public class ModelScoringBenchmarks
{
    private const int Candidates = 200;
    private const int TopN = 20;
    private const long AsOf = 1_750_000_000_000;

    private IScoringModel _mlNet = null!;
    private IScoringModel _compiled = null!;
    private UserFeatures _user = null!;
    private ItemFeatures[] _items = [];
    private float[] _rows = [];
    private float[] _scores = [];
    private int[] _top = [];

    [Params(ModelAlgorithm.FastTree, ModelAlgorithm.LightGbm, ModelAlgorithm.FastTreeRanking)]
    public ModelAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var users = Enumerable.Range(0, 100).Select(u => User(random, "u" + u)).ToArray();
        var items = Enumerable.Range(0, 1_000).Select(i => Item(random, "i" + i)).ToArray();
        var snapshots = new List<TrainingSnapshot>();
        for (var n = 0; n < 4_000; n++)
        {
            var user = users[random.Next(users.Length)];
            var item = items[random.Next(items.Length)];
            var features = FeatureVector.BuildMap(user, item, item.CategoryId, AsOf);
            var signal = (item.TrendingScore / 4) + features["user_category_affinity"] + (user.Counts24h.Click / 60.0) + (0.5 * random.NextDouble());
            var label = signal > 1.0 ? 1 : 0;
            snapshots.Add(new TrainingSnapshot(
                "x" + n, user.UserId, item.ItemId, item.CategoryId, Behavior.View, AsOf, features, FeatureVector.SchemaFingerprint,
                label, label == 1 ? Behavior.Click : null, label == 1 ? AsOf + 1 : null, 3_600_000));
        }

        var bytes = new ModelTrainer(seed: 1, threads: 1).Train(Algorithm, TreeHyperParameters.Default, snapshots).Save();
        var verified = new VerifiedModel("bench", "v1", bytes, FeatureVector.Names, FeatureVector.SchemaFingerprint);
        _mlNet = new MlNetModelLoader(compileTrees: false).Load(verified);
        _compiled = new MlNetModelLoader().Load(verified);
        if (_compiled.Evaluator != EvaluatorNames.CompiledTrees)
        {
            throw new InvalidOperationException("The benchmark model was not compiled: " + _compiled.EvaluatorFallbackReason);
        }

        _user = users[0];
        _items = items.Take(Candidates).ToArray();
        _rows = new float[Candidates * FeatureVector.Length];
        _scores = new float[Candidates];
        _top = new int[TopN];
        for (var i = 0; i < Candidates; i++)
        {
            Recommender.WriteVector(_user, _items[i], _items[i].CategoryId, AsOf, _rows.AsSpan(i * FeatureVector.Length, FeatureVector.Length));
        }

        _mlNet.Score(_rows, _scores);
    }

    [Benchmark(Baseline = true)]
    public float MlNetScore()
    {
        _mlNet.Score(_rows, _scores);
        return _scores[0];
    }

    [Benchmark]
    public float CompiledScore()
    {
        _compiled.Score(_rows, _scores);
        return _scores[0];
    }

    [Benchmark]
    public float[][] VectorsBefore()
    {
        var vectors = new float[Candidates][];
        for (var i = 0; i < Candidates; i++)
        {
            var values = FeatureVector.Build(_user, _items[i], _items[i].CategoryId, AsOf);
            var vector = new float[values.Length];
            for (var f = 0; f < values.Length; f++)
            {
                vector[f] = (float)values[f];
            }

            vectors[i] = vector;
        }

        return vectors;
    }

    [Benchmark]
    public float VectorsAfter()
    {
        for (var i = 0; i < Candidates; i++)
        {
            Recommender.WriteVector(_user, _items[i], _items[i].CategoryId, AsOf, _rows.AsSpan(i * FeatureVector.Length, FeatureVector.Length));
        }

        return _rows[0];
    }

    [Benchmark]
    public int RankLinq()
    {
        var scores = _scores;
        return Enumerable.Range(0, Candidates)
            .OrderByDescending(i => float.IsNaN(scores[i]) ? float.NegativeInfinity : scores[i])
            .Take(TopN)
            .ToList()[0];
    }

    [Benchmark]
    public int RankTopScores()
    {
        TopScores.Select(_scores, _top);
        return _top[0];
    }

    /// <summary>The old per-recommendation scoring work: vectors with two arrays each, PredictionEngine, LINQ ranking.</summary>
    [Benchmark]
    public int PersonalisedBefore()
    {
        var vectors = VectorsBefore();
        for (var i = 0; i < Candidates; i++)
        {
            vectors[i].CopyTo(_rows, i * FeatureVector.Length);
        }

        _mlNet.Score(_rows, _scores);
        return RankLinq();
    }

    /// <summary>The new path: pooled row buffer, compiled trees, TopScores.</summary>
    [Benchmark]
    public int PersonalisedAfter()
    {
        VectorsAfter();
        _compiled.Score(_rows, _scores);
        return RankTopScores();
    }

    private static UserFeatures User(Random random, string id) => new(
        id,
        AsOf,
        Counts(random, 10),
        Counts(random, 60),
        Counts(random, 400),
        [new CategoryShare("c" + random.Next(20), 0.5), new CategoryShare("c" + random.Next(20), 0.3)],
        AsOf - random.Next(1, 100_000_000),
        random.Next(4) == 0 ? -1 : random.Next(0, 200_000),
        random.Next(0, 30),
        random.Next(1, 6),
        random.Next(1, 6),
        random.Next(1, 6),
        (UserSegment)random.Next(0, 4));

    private static BehaviorCounts Counts(Random random, int scale) =>
        new(random.Next(scale), random.Next(scale / 2), random.Next(scale / 5 + 1), random.Next(scale / 10 + 1), random.Next(scale / 20 + 1), random.Next(scale / 10 + 1));

    private static ItemFeatures Item(Random random, string id)
    {
        var popularity = random.Next(0, 5_000);
        return new ItemFeatures(
            id, "c" + random.Next(20), AsOf, AsOf - random.Next(1, 2_000) * 3_600_000L, popularity / 10, popularity, popularity * 5, popularity * 3,
            random.NextDouble() * 0.5, random.NextDouble() * 0.2, random.NextDouble() * 0.05, (random.NextDouble() * 6) - 2);
    }
}
