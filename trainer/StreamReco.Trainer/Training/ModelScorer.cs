using Microsoft.ML;
using Microsoft.ML.Data;

namespace StreamReco.Trainer.Training;

/// <summary>Scores feature vectors with a trained transformer or with saved model bytes (as a serving scorer would load them).</summary>
public sealed class ModelScorer
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;

    public ModelScorer(MLContext ml, ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        _ml = ml;
        _model = model;
    }

    /// <summary>Loads an ML.NET model zip saved in the model format contract.</summary>
    public static ModelScorer Load(byte[] modelBytes, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(modelBytes);
        var ml = new MLContext(seed);
        using var stream = new MemoryStream(modelBytes, writable: false);
        var model = ml.Model.Load(stream, out _);
        return new ModelScorer(ml, model);
    }

    public ModelScores Score(IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var output = _model.Transform(FeatureRows.ScoringView(_ml, vectors));
        var scores = output.GetColumn<float>(FeatureRows.ScoreColumn).Select(s => (double)s).ToArray();
        double[]? probabilities = null;
        if (output.Schema.GetColumnOrNull(FeatureRows.ProbabilityColumn) is not null)
        {
            probabilities = output.GetColumn<float>(FeatureRows.ProbabilityColumn).Select(p => (double)p).ToArray();
        }

        return new ModelScores(scores, probabilities);
    }

    /// <summary>Saves with the scoring-only input schema ("Features" vector), per the model format contract.</summary>
    public byte[] Save()
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(_model, FeatureRows.ScoringView(_ml, []).Schema, stream);
        return stream.ToArray();
    }
}
