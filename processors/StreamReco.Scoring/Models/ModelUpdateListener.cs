using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Kafka.Models;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Scoring.Models;

/// <summary>
/// Feeds models.versions messages, in partition order, through <see cref="ModelAssembler"/> and activates every version
/// that reassembles and verifies. Tombstones (null values) are skipped. Assembly or validation failures are logged and
/// counted; the model in service stays. Not thread-safe: call from the one thread that consumes the topic.
/// </summary>
public sealed class ModelUpdateListener
{
    private readonly ModelAssembler _assembler;
    private readonly ModelRegistry _registry;
    private readonly ScoringMetrics _metrics;
    private readonly ILogger _log;

    public ModelUpdateListener(ModelRegistry registry, ScoringMetrics metrics, ModelAssembler? assembler = null, ILogger<ModelUpdateListener>? log = null)
    {
        _registry = registry;
        _metrics = metrics;
        _assembler = assembler ?? new ModelAssembler();
        _log = log ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Handles one message; returns the activation outcome when the message completed a version, else null.</summary>
    public ModelActivation? OnMessage(ModelVersion? chunk)
    {
        var assembled = _assembler.AddOrReport(chunk, ex =>
        {
            _metrics.AssemblyFailures.Inc();
            _log.LogError(ex, "Model {Model} version {Version} could not be assembled ({Failure})", ex.ModelName, ex.Version, ex.Failure);
        });
        return assembled is null ? null : _registry.Activate(VerifiedModel.From(assembled));
    }
}
