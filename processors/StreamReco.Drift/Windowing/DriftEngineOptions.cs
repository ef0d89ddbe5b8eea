using StreamReco.Drift.Statistics;

namespace StreamReco.Drift.Windowing;

/// <summary>Configuration of <see cref="DriftWindowEngine"/>.</summary>
public sealed record DriftEngineOptions
{
    public DriftWindowSpec Window { get; init; } = DriftWindowSpec.Tumbling(TimeSpan.FromMinutes(15));

    /// <summary>How long after its end (in stream time) a window still accepts out-of-order events.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(1);

    public DriftAlarmRule Rule { get; init; } = new();

    public KsMethod Method { get; init; } = KsMethod.Auto;

    public double PsiEpsilon { get; init; } = PsiDefaults.Epsilon;

    /// <summary>Live sample size of the p-value; see <see cref="Windowing.LiveSampleSize"/>.</summary>
    public LiveSampleSize LiveSampleSize { get; init; } = LiveSampleSize.EntityClusters;

    /// <summary>
    /// Entity counters per open window (memory bound of the cluster sizes). More distinct entities than this share
    /// counters, which makes the effective size smaller (conservative): by about K / buckets relative for K entities of
    /// similar activity.
    /// </summary>
    public int MaxEntityBucketsPerWindow { get; init; } = 65_536;
}
