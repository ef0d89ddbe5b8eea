using StreamReco.Drift.Windowing;
using StreamReco.Producers.Synthetic;

namespace StreamReco.Drift.Tests.Generator;

/// <summary>
/// One seeded run of the synthetic clickstream through the feature topology and the drift topology. Timeline (event time):
/// [0, 1 h) warm-up, so the 1 h windows are full; [1 h, 2 h) reference period, whose training snapshots become the model's
/// reference like the trainer builds it; from 2 h on, <see cref="MonitoredWindows"/> drift windows of <see cref="WindowSize"/>.
/// </summary>
internal sealed record GeneratorDriftScenario
{
    public static readonly TimeSpan WarmUp = TimeSpan.FromHours(1);

    public static readonly TimeSpan ReferencePeriod = TimeSpan.FromHours(1);

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public int Seed { get; init; }

    public int Users { get; init; } = 100;

    public int Items { get; init; } = 500;

    public int Categories { get; init; } = 10;

    public double EventsPerSecond { get; init; } = 0.5;

    public TimeSpan WindowSize { get; init; } = TimeSpan.FromMinutes(30);

    public int MonitoredWindows { get; init; } = 4;

    /// <summary>Concept drift switch (the generator's defaults) this long after monitoring starts; null: no drift.</summary>
    public TimeSpan? ShiftAfterMonitoringStart { get; init; }

    /// <summary>Reference values per feature, as the trainer's ReferenceSampleSize.</summary>
    public int ReferenceSampleSize { get; init; } = 1000;

    public LiveSampleSize LiveSampleSize { get; init; } = LiveSampleSize.EntityClusters;

    public long ReferenceFromMs => Start.Add(WarmUp).ToUnixTimeMilliseconds();

    public long MonitoringFromMs => Start.Add(WarmUp + ReferencePeriod).ToUnixTimeMilliseconds();

    public long MonitoringToMs => MonitoringFromMs + (MonitoredWindows * (long)WindowSize.TotalMilliseconds);

    public long? ShiftAtMs => ShiftAfterMonitoringStart is { } after ? MonitoringFromMs + (long)after.TotalMilliseconds : null;

    public SyntheticClickstreamOptions Clickstream => new()
    {
        Users = Users,
        Items = Items,
        Categories = Categories,
        EventsPerSecond = EventsPerSecond,
        Seed = Seed,
        StartTime = Start,
        Drift = ShiftAtMs is { } shift ? new ConceptDrift { AtEventTime = DateTimeOffset.FromUnixTimeMilliseconds(shift) } : null,
    };
}
