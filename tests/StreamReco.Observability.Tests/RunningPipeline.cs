using System.Globalization;
using StreamReco.Cli.Commands;
using StreamReco.Cli.Configuration;
using StreamReco.Kafka;
using StreamReco.Testing;

namespace StreamReco.Observability.Tests;

/// <summary>
/// `streamreco run` in-process, exactly as the command wires it (embedded broker, generator and every hosted service).
/// Its /metrics and /health listen on a free loopback port. The fixture reads the broker address the command prints
/// and produces one malformed click, so the dead-letter series exists too.
/// </summary>
public sealed class RunningPipeline : IAsyncLifetime, IDisposable
{
    public const int Partitions = 2;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "streamreco-obs-" + Guid.NewGuid().ToString("N"));
    private readonly TextWriter _originalOut = Console.Out;
    private readonly ConsoleLines _output = new(Console.Out);
    private Task<int>? _run;

    public int MetricsPort { get; } = FreePort.Next();

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public Uri Endpoint(string path) => new("http://127.0.0.1:" + MetricsPort.ToString(CultureInfo.InvariantCulture) + path);

    public async Task InitializeAsync()
    {
        Console.SetOut(_output);
        var configuration = CliConfiguration.Build(
        [
            "--partitions", Partitions.ToString(CultureInfo.InvariantCulture),
            "--metrics-host", "127.0.0.1",
            "--metrics-port", MetricsPort.ToString(CultureInfo.InvariantCulture),
            "--state-dir", _stateDirectory,
            "--rate", "300",
            "--log-level", "Warning",
        ]);
        _run = Task.Run(() => new RunCommand().RunAsync(configuration, _stop.Token));

        const string BrokerLine = "embedded broker ";
        var bootstrap = (await Poll.UntilAsync(
            () => Task.FromResult(_output.Lines.FirstOrDefault(l => l.StartsWith(BrokerLine, StringComparison.Ordinal))),
            line => line is not null || _run.IsCompleted,
            "streamreco run to print its embedded broker",
            StartTimeout) ?? throw new InvalidOperationException("streamreco run exited early with code " + await _run))[BrokerLine.Length..];
        using (var producer = TestKafka.Producer(bootstrap))
        {
            // Not Avro: the features app must dead-letter it, which creates the dead-letter series.
            await producer.ProduceAsync(TopicNames.Clicks, new Confluent.Kafka.Message<byte[], byte[]> { Key = [1], Value = [0xFF, 0x00, 0x13] });
        }

        await Poll.UntilAsync(
            async () =>
            {
                if (_run.IsCompleted)
                {
                    throw new InvalidOperationException("streamreco run exited early with code " + await _run);
                }

                return await ScrapeAsync();
            },
            text => text.Contains("streamreco_streams_records_produced_total{app=\"streamreco-features\",topic=\"features.user\"}", StringComparison.Ordinal),
            "the features app to produce user features",
            StartTimeout);
    }

    /// <summary>The /metrics text, or an empty string while the server is not answering yet.</summary>
    public async Task<string> ScrapeAsync()
    {
        try
        {
            return await Http.GetStringAsync(Endpoint("/metrics"));
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            var exitCode = await _run.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, exitCode);
        }

        Dispose();
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    public void Dispose()
    {
        Console.SetOut(_originalOut);
        Http.Dispose();
        _stop.Dispose();
    }
}
