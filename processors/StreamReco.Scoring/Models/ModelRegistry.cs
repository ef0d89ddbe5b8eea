using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamReco.Scoring.Models;

/// <summary>
/// Holds the model in service. Readers take <see cref="Current"/> once per request and score the whole request with
/// that instance, so a swap never mixes versions inside one list and never drops in-flight requests: the old model
/// stays alive until its last reader lets go of the reference. Swaps are a single reference write.
/// A model that fails validation is rejected and the previous one keeps serving.
/// </summary>
public sealed class ModelRegistry
{
    private readonly IModelLoader _loader;
    private readonly ScoringMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Lock _activationLock = new();
    private IScoringModel? _current;

    public ModelRegistry(IModelLoader loader, ScoringMetrics metrics, TimeProvider? time = null, ILogger<ModelRegistry>? log = null)
    {
        _loader = loader;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
        _log = log ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The model in service, or null until the first accepted version.</summary>
    public IScoringModel? Current => Volatile.Read(ref _current);

    /// <summary>Validates and loads <paramref name="model"/>; on success it atomically replaces the model in service.</summary>
    public ModelActivation Activate(VerifiedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);

        // Loading happens outside the reference swap, so scoring continues on the old model meanwhile;
        // the lock only orders concurrent activations.
        lock (_activationLock)
        {
            var previous = Current;
            if (previous is not null
                && string.Equals(previous.ModelName, model.ModelName, StringComparison.Ordinal)
                && string.Equals(previous.Version, model.Version, StringComparison.Ordinal))
            {
                return ModelActivation.Accept(model);
            }

            IScoringModel loaded;
            try
            {
                loaded = _loader.Load(model);
            }
            catch (ModelRejectedException ex)
            {
                _metrics.RecordRejected();
                _log.LogError(
                    ex,
                    "Rejected model {Model} version {Version}: {Reason}; still serving {Previous}",
                    model.ModelName,
                    model.Version,
                    ex.Reason,
                    previous?.Version ?? "no model");
                return ModelActivation.Reject(model, ex.Reason);
            }

            Volatile.Write(ref _current, loaded);
            _metrics.RecordServed(loaded.ModelName, loaded.Version, loaded.Evaluator, _time.GetUtcNow());
            if (loaded.EvaluatorFallbackReason is { } fallback)
            {
                _metrics.RecordEvaluatorFallback(fallback);
            }

            _log.LogInformation(
                "Model {Model} version {Version} in service, scored by {Evaluator} (was {Previous})",
                loaded.ModelName,
                loaded.Version,
                loaded.Evaluator,
                previous?.Version ?? "no model");
            return ModelActivation.Accept(model);
        }
    }
}
