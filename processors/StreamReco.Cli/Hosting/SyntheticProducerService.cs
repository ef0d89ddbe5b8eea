using Microsoft.Extensions.Logging;
using StreamReco.Producers;
using StreamReco.Producers.Replay;
using StreamReco.Producers.Synthetic;

namespace StreamReco.Cli.Hosting;

/// <summary>Feeds synthetic click events at their event-time rate (real time) into events.clicks.</summary>
public sealed partial class SyntheticProducerService(
    string bootstrapServers, SyntheticClickstreamOptions options, TimeProvider time, ILogger logger) : IPipelineService
{
    private ClickEventProducer? _producer;

    public string Name => "generator";

    /// <summary>Events handed to the producer so far.</summary>
    public long Sent => _producer?.Sent ?? 0;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var producer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = bootstrapServers }, time);
        _producer = producer;
        var pacer = new ReplayPacer(time, speedUp: 1);
        try
        {
            var progress = await producer.ProduceAllAsync(new SyntheticClickstream(options), pacer, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            LogDone(logger, progress.Sent, progress.EventsPerSecond);
        }
        catch (OperationCanceledException)
        {
            producer.Flush();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generator finished: {Sent} events at {Rate:F0} events/s")]
    private static partial void LogDone(ILogger logger, long sent, double rate);
}
