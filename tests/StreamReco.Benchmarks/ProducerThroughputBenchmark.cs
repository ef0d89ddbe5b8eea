using System.Diagnostics;
using System.Globalization;
using StreamReco.Kafka;
using StreamReco.Producers;
using StreamReco.Producers.Synthetic;
using StreamReco.Schemas;

namespace StreamReco.Benchmarks;

/// <summary>Synthetic events produced into the embedded broker per second, against encoding alone.</summary>
public static class ProducerThroughputBenchmark
{
    private const int Events = 200_000;

    public static async Task RunAsync()
    {
        var events = new SyntheticClickstream(new SyntheticClickstreamOptions { MaxEvents = Events, EventsPerSecond = 5_000 }).ToList();

        var encode = Stopwatch.StartNew();
        long bytes = 0;
        foreach (var clickEvent in events)
        {
            bytes += Codecs.ClickEvent.Encode(clickEvent).Length;
        }

        encode.Stop();

        using var broker = EmbeddedBroker.Start();
        broker.CreatePipelineTopics();
        using var producer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = broker.BootstrapServers });
        var produce = Stopwatch.StartNew();
        var progress = await producer.ProduceAllAsync(events).ConfigureAwait(false);
        produce.Stop();

        var produceRate = progress.Delivered / produce.Elapsed.TotalSeconds;
        var encodeRate = Events / encode.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"producer: {progress.Delivered} events ({bytes / (double)Events:F0} B avg) into the embedded broker at {produceRate:F0} events/s; "
            + $"encode alone {encodeRate:F0} events/s; produce/encode ratio {produceRate / encodeRate:F3}"));
    }
}
