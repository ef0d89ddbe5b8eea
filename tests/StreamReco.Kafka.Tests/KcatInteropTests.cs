using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamReco.Testing;

namespace StreamReco.Kafka.Tests;

/// <summary>A client nobody here wrote (kcat, on its own librdkafka build) talks to the embedded broker.</summary>
public sealed class KcatInteropTests
{
    private static string Kcat => ExternalTool.Find("kcat")
        ?? throw new InvalidOperationException("kcat is required in CI: apt-get install kcat");

    [ToolFact("kcat", "kcat")]
    public async Task Kcat_produces_records_that_a_Confluent_consumer_reads()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreateTopic("from-kcat", 2);
        var lines = string.Join('\n', Enumerable.Range(0, 50).Select(i => "user-" + (i % 5) + ":value-" + i)) + "\n";

        var (exitCode, _, error) = await ExternalTool.RunAsync(
            Kcat, ["-b", broker.BootstrapServers, "-t", "from-kcat", "-P", "-K:"], lines);

        Assert.True(exitCode == 0, "kcat failed: " + error);
        var records = TestKafka.ReadAll(broker.BootstrapServers, "from-kcat");
        Assert.Equal(
            Enumerable.Range(0, 50).Select(i => "value-" + i).Order(StringComparer.Ordinal),
            records.Select(r => Encoding.UTF8.GetString(r.Message.Value)).Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.StartsWith("user-", Encoding.UTF8.GetString(r.Message.Key), StringComparison.Ordinal));
    }

    [ToolFact("kcat", "kcat")]
    public async Task Kcat_consumes_records_that_a_Confluent_producer_wrote()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreateTopic("to-kcat", 1);
        using (var producer = TestKafka.Producer(broker.BootstrapServers))
        {
            for (var i = 0; i < 30; i++)
            {
                await producer.ProduceAsync("to-kcat", new Message<byte[], byte[]>
                {
                    Key = Encoding.UTF8.GetBytes("k" + i),
                    Value = Encoding.UTF8.GetBytes("v" + i.ToString(CultureInfo.InvariantCulture)),
                });
            }
        }

        var (exitCode, output, error) = await ExternalTool.RunAsync(
            Kcat, ["-b", broker.BootstrapServers, "-t", "to-kcat", "-C", "-o", "beginning", "-e", "-q", "-f", "%k=%s\\n"]);

        Assert.True(exitCode == 0, "kcat failed: " + error);
        Assert.Equal(
            Enumerable.Range(0, 30).Select(i => "k" + i + "=v" + i),
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
