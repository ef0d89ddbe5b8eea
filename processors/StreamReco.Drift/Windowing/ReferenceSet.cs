using StreamReco.Drift.Statistics;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Windowing;

/// <summary>The reference distributions of one model version, validated and prepared per feature.</summary>
public sealed class ReferenceSet
{
    public ReferenceSet(string modelVersion, IEnumerable<ReferenceSample> samples)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelVersion);
        ArgumentNullException.ThrowIfNull(samples);
        ModelVersion = modelVersion;
        Features = samples.ToDictionary(s => s.Feature, s => ReferenceDistribution.FromSorted(s.Feature, s.Values), StringComparer.Ordinal);
    }

    public string ModelVersion { get; }

    public IReadOnlyDictionary<string, ReferenceDistribution> Features { get; }
}
