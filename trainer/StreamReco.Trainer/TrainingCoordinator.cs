using System.Globalization;
using Microsoft.Extensions.Logging;
using StreamReco.Features;
using StreamReco.Kafka.Models;
using StreamReco.Schemas.Contracts;
using StreamReco.Trainer.Evaluation;
using StreamReco.Trainer.Training;

namespace StreamReco.Trainer;

/// <summary>
/// Trains on a window, scores the serving champion on the same test period, decides champion/challenger, logs and counts
/// the decision and builds the manifest to publish. Kafka-free, so the whole decision path is unit-testable.
/// </summary>
public sealed class TrainingCoordinator
{
    private readonly TrainingPipeline _pipeline;
    private readonly ChampionChallengerOptions _championChallenger;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private long _lastVersion;

    public TrainingCoordinator(TrainingPipeline pipeline, ChampionChallengerOptions championChallenger, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(championChallenger);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(log);
        _pipeline = pipeline;
        _championChallenger = championChallenger;
        _time = time;
        _log = log;
    }

    /// <exception cref="InsufficientTrainingDataException">The window cannot be split into usable periods.</exception>
    public TrainingRunResult Run(string modelName, IReadOnlyList<TrainingSnapshot> window, ChampionModel? champion)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentNullException.ThrowIfNull(window);
        var outcome = _pipeline.Run(window);

        EvaluationMetrics? championTest = null;
        var championUnusable = false;
        if (champion is not null)
        {
            if (champion.FeatureSchemaFingerprint != FeatureVector.SchemaFingerprint)
            {
                championUnusable = true;
            }
            else
            {
                try
                {
                    championTest = TrainingPipeline.EvaluateModel(champion.ModelBytes, outcome.Split.Test, champion.Threshold, champion.Calibrator);
                }
                catch (Exception e) when (e is InvalidOperationException or InvalidDataException or FormatException or ArgumentException)
                {
                    _log.LogWarning(e, "Champion {Version} could not be scored on the new test period", champion.Version);
                    championUnusable = true;
                }
            }
        }

        var verdict = ChampionChallenger.Decide(_championChallenger, outcome.Selected.Test, championTest, championUnusable);
        TrainerMetrics.Decision(verdict.Decision).Inc();
        TrainerMetrics.TrainingDurationSeconds.Set(outcome.Duration.TotalSeconds);
        _log.LogInformation(
            "Champion/challenger decision {Decision}: {Algorithm} {Metric} {Challenger} vs champion {ChampionVersion} {Champion} (margin {Margin}), popularity {PopularityAuc}",
            verdict.Decision, outcome.Selected.Algorithm, verdict.Metric, verdict.Challenger, champion?.Version, verdict.Champion, verdict.Margin,
            outcome.PopularityTest.Auc);

        var createdAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        // Versions increase even if the clock does not (same millisecond, clock step back).
        _lastVersion = Math.Max(Math.Max(createdAt, _lastVersion + 1), ParseVersion(champion?.Version) + 1);
        var manifest = BuildManifest(modelName, _lastVersion.ToString(CultureInfo.InvariantCulture), createdAt, outcome);
        return new TrainingRunResult(outcome, championTest, verdict, manifest);
    }

    public static ModelManifest BuildManifest(string modelName, string version, long createdAt, TrainingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var selected = outcome.Selected;
        var hyperparameters = selected.HyperParameters.ToDictionary();
        if (selected.Calibrator is not null)
        {
            hyperparameters[ChampionModel.PlattAKey] = selected.Calibrator.A.ToString("R", CultureInfo.InvariantCulture);
            hyperparameters[ChampionModel.PlattBKey] = selected.Calibrator.B.ToString("R", CultureInfo.InvariantCulture);
        }

        var metrics = selected.PublishedMetrics();
        foreach (var (name, value) in outcome.PopularityTest.ToDictionary())
        {
            metrics["popularity_" + name] = value;
        }

        return new ModelManifest(
            modelName, version, createdAt, selected.Algorithm.ToString(), outcome.WindowStart, outcome.WindowEnd, hyperparameters, metrics,
            FeatureVector.Names.ToArray(), FeatureVector.SchemaFingerprint, outcome.ReferenceDistributions);
    }

    private static long ParseVersion(string? version) =>
        long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
