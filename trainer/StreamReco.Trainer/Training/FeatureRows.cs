using Microsoft.ML;
using Microsoft.ML.Data;
using StreamReco.Features;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Trainer.Training;

/// <summary>Builds ML.NET data views in the model format contract: one "Features" float vector in <see cref="FeatureVector.Names"/> order.</summary>
public static class FeatureRows
{
    public const string FeaturesColumn = "Features";
    public const string LabelColumn = "Label";
    public const string RelevanceColumn = "Relevance";
    public const string GroupColumn = "GroupId";
    public const string ScoreColumn = "Score";
    public const string ProbabilityColumn = "Probability";

    public static float[] Vector(TrainingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return FeatureVector.FromMap(snapshot.Features, FeatureVector.Names);
    }

    /// <summary>Training view: features, bool label, float relevance and a 1-based user group key (rows sorted by group for ranking).</summary>
    public static IDataView TrainingView(MLContext ml, IReadOnlyList<TrainingSnapshot> snapshots, bool groupByUser)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(snapshots);
        var groups = new Dictionary<string, uint>(StringComparer.Ordinal);
        var rows = new List<TrainingRow>(snapshots.Count);
        foreach (var s in snapshots)
        {
            if (!groups.TryGetValue(s.UserId, out var group))
            {
                group = (uint)groups.Count + 1;
                groups[s.UserId] = group;
            }

            rows.Add(new TrainingRow { Features = Vector(s), Label = s.Label == 1, Relevance = s.Label, GroupId = group });
        }

        if (groupByUser)
        {
            // Ranking trainers need each group's rows to be contiguous.
            rows = [.. rows.OrderBy(r => r.GroupId)];
        }

        var definition = SchemaDefinition.Create(typeof(TrainingRow));
        definition[nameof(TrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureVector.Length);
        definition[nameof(TrainingRow.GroupId)].ColumnType = new KeyDataViewType(typeof(uint), Math.Max(1, groups.Count));
        return ml.Data.LoadFromEnumerable(rows, definition);
    }

    /// <summary>Scoring view with only the "Features" column: the input schema every saved model declares.</summary>
    public static IDataView ScoringView(MLContext ml, IEnumerable<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var definition = SchemaDefinition.Create(typeof(ScoringRow));
        definition[nameof(ScoringRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureVector.Length);
        return ml.Data.LoadFromEnumerable(vectors.Select(v => new ScoringRow { Features = v }), definition);
    }

    /// <summary>Row type of <see cref="TrainingView"/>; public only because ML.NET binds it by reflection.</summary>
    public sealed class TrainingRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Relevance { get; set; }

        public uint GroupId { get; set; }
    }

    /// <summary>Row type of <see cref="ScoringView"/>.</summary>
    public sealed class ScoringRow
    {
        public float[] Features { get; set; } = [];
    }
}
