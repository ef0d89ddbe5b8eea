using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace StreamReco.Observability;

/// <summary>
/// Serves /metrics (Prometheus text format), /health/live and /health/ready on one port.
/// Ready answers 503 until every registered component (e.g. state restore) is ready.
/// </summary>
public sealed partial class MetricsServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HealthState _health;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public MetricsServer(string host, int port, HealthState health, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        _health = health;
        _logger = logger;
        Port = port == 0 ? FreePort() : port;
        _listener.Prefixes.Add("http://" + (host is "0.0.0.0" or "*" ? "+" : host) + ":" + Port + "/");
    }

    public int Port { get; }

    public void Start()
    {
        try
        {
            _listener.Start();
        }
        catch (HttpListenerException e)
        {
            throw new InvalidOperationException("Cannot serve metrics on port " + Port + ": " + e.Message + ". Choose another with --metrics-port.", e);
        }

        _loop = Task.Run(ServeAsync);
        LogListening(_logger, Port);
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        _listener.Close();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under the loop; nothing left to serve.
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await RespondAsync(context).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                LogScrapeFailed(_logger, e);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var response = context.Response;
        switch (context.Request.Url?.AbsolutePath)
        {
            case "/metrics":
                response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(response.OutputStream).ConfigureAwait(false);
                break;
            case "/health/live":
                await WriteHealthAsync(response, _health.IsLive, _health.FatalError ?? "live").ConfigureAwait(false);
                break;
            case "/health/ready":
                var body = string.Join('\n', _health.Components.Select(c => c.Key + " " + (c.Value ? "ready" : "not-ready")));
                await WriteHealthAsync(response, _health.IsReady, body).ConfigureAwait(false);
                break;
            default:
                response.StatusCode = 404;
                break;
        }
    }

    private static async Task WriteHealthAsync(HttpListenerResponse response, bool ok, string body)
    {
        response.StatusCode = ok ? 200 : 503;
        response.ContentType = "text/plain; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(body + "\n");
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving /metrics and /health on port {Port}")]
    private static partial void LogListening(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A metrics or health request failed")]
    private static partial void LogScrapeFailed(ILogger logger, Exception exception);
}
