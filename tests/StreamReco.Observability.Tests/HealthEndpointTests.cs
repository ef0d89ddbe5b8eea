using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Cli.Commands;
using StreamReco.Cli.Configuration;
using StreamReco.Cli.Hosting;

namespace StreamReco.Observability.Tests;

/// <summary>
/// /health/ready follows the features service: 503 before it runs (nothing restored yet), 200 once its state is restored
/// and it is Running, 503 again after it stopped. /health/live is 200 throughout; unknown paths are 404.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class HealthEndpointTests : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("streamreco-health-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task ReadyIs503UntilTheServiceRunsThen200Then503AfterStop()
    {
        using var cluster = await ClusterConnection.OpenAsync(null, 1, CancellationToken.None);
        var configuration = CliConfiguration.Build(["--partitions", "1", "--state-dir", _stateDirectory, "--metrics-port", "0", "--log-level", "Warning"]);
        var reader = new SettingsReader(configuration);
        var settings = PipelineSettings.Read(configuration, reader, "streamreco-features");
        reader.ThrowIfInvalid();
        var health = new HealthState();
        using var server = new MetricsServer("127.0.0.1", 0, health, NullLogger.Instance);
        server.Start();
        var service = new ServiceFactory(settings, cluster, health, NullLoggerFactory.Instance, TimeProvider.System).Features();

        var before = await GetAsync(server, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "/health/live")).Status);

        using var stop = new CancellationTokenSource();
        var running = service.RunAsync(stop.Token);
        var ready = await Poll.UntilAsync(
            async () =>
            {
                Assert.False(running.IsFaulted, "features service failed: " + running.Exception);
                return await GetAsync(server, "/health/ready");
            },
            r => r.Status == HttpStatusCode.OK,
            "/health/ready to answer 200",
            ReadyTimeout);
        Assert.Contains("features ready", ready.Body, StringComparison.Ordinal);

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(60));
        var after = await GetAsync(server, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.Status);
        Assert.Contains("features not-ready", after.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "/health/live")).Status);
    }

    [Fact]
    public async Task LiveIs200MetricsIsPrometheusTextAndUnknownPathsAre404()
    {
        using var server = new MetricsServer("127.0.0.1", 0, new HealthState(), NullLogger.Instance);
        server.Start();

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "/health/live")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(server, "/nope")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(server, "/health")).Status);
        using var metrics = await _http.GetAsync(Uri(server, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE ", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveIs503AfterAFatalErrorAndReadyFollowsIt()
    {
        var health = new HealthState();
        health.Register("features");
        health.SetReady("features", true);
        using var server = new MetricsServer("127.0.0.1", 0, health, NullLogger.Instance);
        server.Start();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "/health/ready")).Status);

        health.ReportFatal("stream thread died");

        var live = await GetAsync(server, "/health/live");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, live.Status);
        Assert.Contains("stream thread died", live.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(server, "/health/ready")).Status);
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    private static Uri Uri(MetricsServer server, string path) =>
        new("http://127.0.0.1:" + server.Port.ToString(CultureInfo.InvariantCulture) + path);

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(MetricsServer server, string path)
    {
        using var response = await _http.GetAsync(Uri(server, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
