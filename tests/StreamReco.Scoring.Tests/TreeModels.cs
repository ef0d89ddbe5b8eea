using StreamReco.Features;
using StreamReco.Schemas.Contracts;
using StreamReco.Trainer.Training;

namespace StreamReco.Scoring.Tests;

/// <summary>
/// Small models of every algorithm the trainer produces, trained through the trainer's own <see cref="ModelTrainer"/>
/// on synthetic snapshots with realistic feature ranges and saved exactly as the trainer publishes them.
/// </summary>
public static class TreeModels
{
    private static readonly Lazy<IReadOnlyList<TrainingSnapshot>> Snapshots = new(Synthetic);
    private static readonly Dictionary<ModelAlgorithm, Lazy<byte[]>> Bytes = Enum.GetValues<ModelAlgorithm>()
        .ToDictionary(a => a, a => new Lazy<byte[]>(() => Train(a)));

    public static byte[] For(ModelAlgorithm algorithm) => Bytes[algorithm].Value;

    private static byte[] Train(ModelAlgorithm algorithm)
    {
        var hyperParameters = new TreeHyperParameters(NumberOfLeaves: 16, NumberOfTrees: 40, LearningRate: 0.2, MinimumExampleCountPerLeaf: 5);
        return new ModelTrainer(seed: 5, threads: 1).Train(algorithm, hyperParameters, Snapshots.Value).Save();
    }

    private static List<TrainingSnapshot> Synthetic()
    {
        var random = new Random(23);
        var trending = FeatureVector.Names.ToList().IndexOf("item_trending_score");
        var affinity = FeatureVector.Names.ToList().IndexOf("user_category_affinity");
        var clicks = FeatureVector.Names.ToList().IndexOf("user_clicks_24h");
        var snapshots = new List<TrainingSnapshot>();
        for (var n = 0; n < 800; n++)
        {
            var vector = RealisticFeatures.Vector(random);
            var signal = (vector[trending] / 4) + vector[affinity] + (vector[clicks] / 120.0) + (0.4 * random.NextDouble());
            var features = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < vector.Length; i++)
            {
                features[FeatureVector.Names[i]] = vector[i];
            }

            var label = signal > 1.0 ? 1 : 0;
            snapshots.Add(new TrainingSnapshot(
                "x" + n,
                "u" + (n % 80),
                "i" + random.Next(300),
                "c" + random.Next(10),
                Behavior.View,
                1_700_000_000_000 + (n * 1_000L),
                features,
                FeatureVector.SchemaFingerprint,
                label,
                label == 1 ? Behavior.Click : null,
                label == 1 ? 1_700_000_000_000 + (n * 1_000L) + 5_000 : null,
                3_600_000));
        }

        return snapshots;
    }
}
