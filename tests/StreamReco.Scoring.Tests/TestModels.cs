using Microsoft.ML;
using Microsoft.ML.Data;
using StreamReco.Features;
using StreamReco.Scoring.Models;

namespace StreamReco.Scoring.Tests;

/// <summary>
/// Tiny FastTree models trained on synthetic data, saved exactly as the model format contract says
/// (ML.NET zip, input "Features" float vector, output "Score").
/// </summary>
public static class TestModels
{
    public const string ModelName = "ctr";

    public static readonly int TrendingIndex = IndexOf("item_trending_score");
    public static readonly int AffinityIndex = IndexOf("user_category_affinity");

    private static readonly Lazy<byte[]> Valid = new(() => Train(FeatureVector.Length));
    private static readonly Lazy<byte[]> Short = new(() => Train(10));

    /// <summary>Model over the current FeatureVector: the score rises with item trending score and user category affinity.</summary>
    public static byte[] ValidBytes => Valid.Value;

    /// <summary>Model trained on 10 features: loadable by ML.NET, not servable by this scorer.</summary>
    public static byte[] WrongLengthBytes => Short.Value;

    public static VerifiedModel Verified(string version, byte[]? bytes = null, IReadOnlyList<string>? names = null, long? fingerprint = null) =>
        new(ModelName, version, bytes ?? ValidBytes, names ?? FeatureVector.Names, fingerprint ?? FeatureVector.SchemaFingerprint);

    public static byte[] Train(int featureCount)
    {
        var ml = new MLContext(seed: 7);
        var random = new Random(11);
        var rows = new List<TrainingRow>();
        for (var n = 0; n < 600; n++)
        {
            var features = new float[featureCount];
            for (var i = 0; i < featureCount; i++)
            {
                features[i] = (float)random.NextDouble();
            }

            var signal = features[Math.Min(TrendingIndex, featureCount - 1)] + features[Math.Min(AffinityIndex, featureCount - 1)];
            rows.Add(new TrainingRow { Features = features, Label = signal + (0.2 * random.NextDouble()) > 1.1 });
        }

        var definition = SchemaDefinition.Create(typeof(TrainingRow));
        definition[nameof(TrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        var data = ml.Data.LoadFromEnumerable(rows, definition);
        var trainer = ml.BinaryClassification.Trainers.FastTree(
            labelColumnName: nameof(TrainingRow.Label),
            featureColumnName: nameof(TrainingRow.Features),
            numberOfLeaves: 8,
            numberOfTrees: 20,
            minimumExampleCountPerLeaf: 5);
        var model = trainer.Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }

    private static int IndexOf(string name)
    {
        for (var i = 0; i < FeatureVector.Names.Count; i++)
        {
            if (FeatureVector.Names[i] == name)
            {
                return i;
            }
        }

        throw new InvalidOperationException("No feature " + name);
    }
}
