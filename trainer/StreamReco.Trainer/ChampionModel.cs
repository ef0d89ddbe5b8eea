using System.Globalization;
using StreamReco.Kafka.Models;
using StreamReco.Trainer.Evaluation;

namespace StreamReco.Trainer;

/// <summary>The serving model as the trainer needs it to re-score a new test period.</summary>
public sealed record ChampionModel(
    string ModelName, string Version, int ChunkCount, long FeatureSchemaFingerprint, byte[] ModelBytes, double Threshold, PlattCalibrator? Calibrator)
{
    /// <summary>Hyper-parameter keys under which the ranker's Platt calibration is published.</summary>
    public const string PlattAKey = "platt_a";
    public const string PlattBKey = "platt_b";

    /// <summary>Rebuilds the champion from a verified model read back from models.versions.</summary>
    public static ChampionModel From(AssembledModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var m = model.Manifest;
        PlattCalibrator? calibrator = null;
        if (m.Hyperparameters.TryGetValue(PlattAKey, out var a) && m.Hyperparameters.TryGetValue(PlattBKey, out var b))
        {
            calibrator = new PlattCalibrator(double.Parse(a, CultureInfo.InvariantCulture), double.Parse(b, CultureInfo.InvariantCulture));
        }

        return new ChampionModel(
            m.ModelName, m.Version, m.ChunkCount, m.FeatureSchemaFingerprint, model.ModelBytes,
            m.Metrics.GetValueOrDefault(MetricNames.Threshold, 0.5), calibrator);
    }
}
