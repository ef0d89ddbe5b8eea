using StreamReco.Producers.Synthetic;

namespace StreamReco.Cli.Configuration;

/// <summary>Synthetic clickstream settings (section Generator).</summary>
public static class GeneratorSettings
{
    public static SyntheticClickstreamOptions Read(SettingsReader reader, TimeProvider time)
    {
        var rate = reader.Double("Generator:EventsPerSecond", 1000, 0.001, 1_000_000);
        var driftAfter = reader.Long("Generator:DriftAfterEvents", 0, 0, long.MaxValue);
        var maxEvents = reader.Long("Generator:MaxEvents", 0, 0, long.MaxValue);
        return new SyntheticClickstreamOptions
        {
            Users = reader.Int("Generator:Users", 2_000, 1, 10_000_000),
            Items = reader.Int("Generator:Items", 5_000, 1, 10_000_000),
            Categories = reader.Int("Generator:Categories", 50, 1, 100_000),
            Seed = reader.Int("Generator:Seed", 42, int.MinValue, int.MaxValue),
            EventsPerSecond = rate,
            // Event time starts now, so windows and recency read like live traffic.
            StartTime = time.GetUtcNow(),
            MaxEvents = maxEvents > 0 ? maxEvents : null,
            Drift = driftAfter > 0 ? new ConceptDrift { AfterEvents = driftAfter } : null,
        };
    }
}
