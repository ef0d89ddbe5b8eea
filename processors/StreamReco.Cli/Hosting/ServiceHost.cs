using Microsoft.Extensions.Logging;
using StreamReco.Observability;

namespace StreamReco.Cli.Hosting;

/// <summary>
/// Runs services side by side. The first fatal error cancels the others and makes the host exit non-zero,
/// so an orchestrator restarts the process instead of it running on with a dead consumer.
/// </summary>
public sealed partial class ServiceHost(ILogger logger, HealthState? health = null)
{
    public async Task<int> RunAsync(IReadOnlyList<IPipelineService> services, CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = services.Select(service => RunOneAsync(service, stopping)).ToList();
        var results = await Task.WhenAll(running).ConfigureAwait(false);
        return results.Any(failed => failed) ? 1 : 0;
    }

    private async Task<bool> RunOneAsync(IPipelineService service, CancellationTokenSource stopping)
    {
        // Start each service on its own thread-pool work item so one blocking loop cannot stall the others.
        await Task.Yield();
        try
        {
            LogStarting(logger, service.Name);
            await service.RunAsync(stopping.Token).ConfigureAwait(false);
            LogStopped(logger, service.Name);
            return false;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LogStopped(logger, service.Name);
            return false;
        }
        catch (Exception e)
        {
            LogFatal(logger, e, service.Name);
            health?.ReportFatal(service.Name + ": " + e.Message);
            await stopping.CancelAsync().ConfigureAwait(false);
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting {Service}")]
    private static partial void LogStarting(ILogger logger, string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} stopped")]
    private static partial void LogStopped(ILogger logger, string service);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Service} failed; stopping the host")]
    private static partial void LogFatal(ILogger logger, Exception exception, string service);
}
