using Microsoft.ML;
using Microsoft.ML.Data;
using StreamReco.Features;

namespace StreamReco.Reliability.Tests;

/// <summary>A small FastTree model over the current <see cref="FeatureVector"/>, saved in the serving format (input "Features", output "Score").</summary>
public static class TinyModel
{
    private static readonly Lazy<byte[]> Trained = new(Train);

    public static byte[] Bytes => Trained.Value;

    private static byte[] Train()
    {
        var ml = new MLContext(seed: 7);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            var features = Enumerable.Range(0, FeatureVector.Length).Select(_ => (float)random.NextDouble()).ToArray();
            return new Row { Features = features, Label = features[0] + features[1] > 1 };
        }).ToList();
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureVector.Length);
        var data = ml.Data.LoadFromEnumerable(rows, definition);
        var model = ml.BinaryClassification.Trainers.FastTree(
            labelColumnName: nameof(Row.Label), featureColumnName: nameof(Row.Features), numberOfLeaves: 4, numberOfTrees: 5, minimumExampleCountPerLeaf: 5)
            .Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }

    /// <summary>ML.NET needs a settable row type; the vector length is given by the schema definition.</summary>
    private sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
