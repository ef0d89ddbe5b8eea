using System.Diagnostics;
using System.Globalization;
using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Producers.Synthetic;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.Testing;

namespace StreamReco.Benchmarks;

/// <summary>
/// CPU cost of the feature topology's own code per click, without a broker: the clicks go through the transport-free test
/// driver (in-memory stores, commit every 1 000 clicks), so the figure excludes Kafka clients, the broker and RocksDB.
/// Compared with the broker benchmark it tells how much of a click's cost is processing and how much is transport and storage.
/// </summary>
public static class FeatureProcessingCostBenchmark
{
    private const int Warmup = 50_000;
    private const int Measured = 200_000;
    private const int CommitEvery = 1_000;

    public static void Run()
    {
        // The broker benchmark's event-time rate, so stream-time punctuations come as often per click.
        const int EventsPerSecond = 5_000;
        var start = DateTimeOffset.UtcNow - TimeSpan.FromSeconds((Warmup + Measured) / EventsPerSecond) - TimeSpan.FromMinutes(1);
        var clicks = new SyntheticClickstream(new SyntheticClickstreamOptions
        {
            MaxEvents = Warmup + Measured,
            EventsPerSecond = EventsPerSecond,
            StartTime = start,
        }).ToList();
        Measure(clicks, new FeatureTopologyOptions(), "whole topology");
        Measure(clicks, new FeatureTopologyOptions { EmitTrainingSnapshots = false }, "without training snapshots");
    }

    private static void Measure(List<ClickEvent> clicks, FeatureTopologyOptions options, string variant)
    {
        using var driver = new TopologyTestDriver(
            FeatureTopology.Build(options),
            new TopologyTestDriverOptions { CommitAfterEachRecord = false, InitialWallClock = DateTimeOffset.UtcNow });
        var input = driver.CreateInputTopic(TopicNames.Clicks, Serdes.String, Serdes.FromCodec(Codecs.ClickEvent));

        Pipe(input, driver, clicks, 0, Warmup);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        Pipe(input, driver, clicks, Warmup, Measured);
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"features: processing cost without broker or RocksDB ({variant}; test driver, commit every {CommitEvery} clicks): "
            + $"{clock.Elapsed.TotalMicroseconds / Measured:F1} µs and {allocated / (double)Measured / 1024:F1} KiB allocated per click, "
            + $"{Measured / clock.Elapsed.TotalSeconds:F0} clicks/s on one thread"));
    }

    private static void Pipe(TestInputTopic<string, ClickEvent> input, TopologyTestDriver driver, List<ClickEvent> clicks, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            input.PipeInput(clicks[i].UserId, clicks[i], clicks[i].EventTime);
            if ((i + 1) % CommitEvery == 0)
            {
                driver.Commit();
            }
        }
    }
}
