using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Kafka;
using StreamReco.Kafka.Models;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Processing;

/// <summary>
/// Turns models.versions chunks, in partition order, into reference updates: chunks go through a
/// <see cref="ModelAssembler"/> and only a version that reassembles and verifies is published to the
/// <see cref="DriftReferenceHolder"/> (its manifest carries the reference distributions). Failures are logged and counted;
/// the version in service stays. Tombstones are skipped. Not thread-safe: call from the one reader thread.
/// </summary>
public sealed class DriftReferenceFeed(DriftReferenceHolder holder, ILogger? log = null, ModelAssembler? assembler = null)
{
    private readonly DriftReferenceHolder _holder = holder ?? throw new ArgumentNullException(nameof(holder));
    private readonly ModelAssembler _assembler = assembler ?? new ModelAssembler();
    private readonly ILogger _log = log ?? NullLogger.Instance;

    public DriftReferenceHolder Holder => _holder;

    /// <summary>Handles one message; returns the manifest put in service when this chunk completed a version, else null.</summary>
    public ModelVersion? OnMessage(ModelVersion? chunk)
    {
        var assembled = _assembler.AddOrReport(chunk, ex =>
        {
            DriftPrometheusMetrics.ModelAssemblyFailures.Inc();
            _log.LogError(ex, "Model {Model} version {Version} could not be assembled ({Failure}); drift keeps the previous reference", ex.ModelName, ex.Version, ex.Failure);
        });
        if (assembled is null)
        {
            return null;
        }

        _holder.Publish(assembled.Manifest);
        _log.LogInformation(
            "Drift reference is now model {Model} version {Version} ({Features} reference distributions)",
            assembled.ModelName, assembled.Version, assembled.Manifest.ReferenceDistributions.Count);
        return assembled.Manifest;
    }

    /// <summary>A global reader of models.versions (all partitions, from the beginning) feeding this feed; the caller starts and disposes it.</summary>
    public GlobalTopicReader<ModelVersion> CreateReader(string bootstrapServers, IReadOnlyDictionary<string, string>? extraConfig = null) =>
        new(bootstrapServers, TopicNames.ModelVersions, Codecs.ModelVersion, m => OnMessage(m), DriftPrometheusMetrics.ModelDecodeFailures, _log, extraConfig);
}
