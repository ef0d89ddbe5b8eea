using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using StreamReco.Testing;

namespace StreamReco.Observability.Tests;

/// <summary>
/// A real Prometheus on a free loopback port with a temporary config and TSDB directory, scraping one target every
/// second and loading the repository's alert rules. Disposing kills it and deletes its files.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Prometheus' own log so far (stderr), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<PrometheusServer> StartAsync(string scrapeTarget, string ruleFile)
    {
        var binary = ExternalTool.Find("prometheus") ?? throw new InvalidOperationException("prometheus is not installed (apt-get install prometheus).");
        var directory = Directory.CreateTempSubdirectory("streamreco-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, string.Join('\n',
            "global:",
            "  scrape_interval: 1s",
            "  scrape_timeout: 1s",
            "  evaluation_interval: 1s",
            "rule_files:",
            "  - " + JsonSerializer.Serialize(ruleFile),
            "scrape_configs:",
            "  - job_name: streamreco",
            "    static_configs:",
            "      - targets: [" + JsonSerializer.Serialize(scrapeTarget) + "]",
            string.Empty));

        var port = FreePort.Next();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(directory, "data"),
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + binary);
        var server = new PrometheusServer(process, directory, port);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await Poll.UntilAsync(server.IsReadyAsync, ready => ready, "Prometheus to be ready", ReadyTimeout);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>GET /api/v1/{path}; returns the status code and the parsed JSON body.</summary>
    public async Task<(int Status, JsonElement Body)> ApiAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(new Uri("http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture) + "/api/v1/" + pathAndQuery));
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>An instant query; returns status code and body.</summary>
    public Task<(int Status, JsonElement Body)> QueryAsync(string promQl) => ApiAsync("query?query=" + Uri.EscapeDataString(promQl));

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            Http.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // Prometheus may still hold a file for a moment after the kill; a leftover temp dir is harmless.
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException("Prometheus exited with code " + _process.ExitCode + ": " + Log);
        }

        try
        {
            using var response = await Http.GetAsync(new Uri("http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture) + "/-/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
