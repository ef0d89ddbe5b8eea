using System.Net.Sockets;
using Xunit;

namespace StreamReco.Testing;

/// <summary>
/// A fact that needs a Docker engine (Testcontainers). Skipped, saying why, when neither DOCKER_HOST nor
/// /var/run/docker.sock leads to an engine that accepts connections.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerFactAttribute : FactAttribute
{
    private const string DefaultSocket = "/var/run/docker.sock";
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);
    private static readonly Lazy<string?> Unreachable = new(ProbeEngine);

    public DockerFactAttribute()
    {
        if (Unreachable.Value is { } why)
        {
            Skip = "Docker engine not reachable (" + why + "): Testcontainers tests run in CI with Docker";
        }
    }

    /// <summary>Null when an engine accepts connections, otherwise what was tried.</summary>
    public static string? ProbeEngine()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrWhiteSpace(dockerHost))
        {
            return CanConnectUnix(DefaultSocket) ? null : "DOCKER_HOST unset and " + DefaultSocket + " not usable";
        }

        if (!Uri.TryCreate(dockerHost, UriKind.Absolute, out var uri))
        {
            return "DOCKER_HOST=" + dockerHost + " is not a URI";
        }

        return uri.Scheme switch
        {
            "unix" => CanConnectUnix(uri.AbsolutePath) ? null : "DOCKER_HOST=" + dockerHost + " not usable",
            "tcp" or "http" or "https" => CanConnectTcp(uri.Host, uri.Port) ? null : "DOCKER_HOST=" + dockerHost + " refuses connections",
            _ => "DOCKER_HOST=" + dockerHost + " has an unsupported scheme",
        };
    }

    private static bool CanConnectUnix(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool CanConnectTcp(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(host, port).Wait(ConnectTimeout) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
