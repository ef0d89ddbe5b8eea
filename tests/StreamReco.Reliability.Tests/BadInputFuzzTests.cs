using System.Text;
using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Streams;
using Xunit.Abstractions;

namespace StreamReco.Reliability.Tests;

/// <summary>
/// Malformed records of every <see cref="BadInputKind"/> interleaved with good clicks on events.clicks: each bad record must end in
/// events.clicks.dlq with its reason header, the dead-letter counters must match what was sent, the processor must keep running,
/// and every good click must be folded and emitted.
/// </summary>
public sealed class BadInputFuzzTests(ITestOutputHelper output)
{
    private const int GoodClicks = 600;
    private const int BadPerKind = 6;
    private const int Users = 12;

    [Fact]
    public async Task Bad_records_are_dead_lettered_with_reasons_counted_and_good_ones_processed()
    {
        const string appId = "reliability-fuzz";
        using var harness = new FeaturePipelineHarness(appId);
        var input = ClickSet.Create(GoodClicks, Users);
        var factory = new BadInputFactory(seed: 7);
        var kinds = Enum.GetValues<BadInputKind>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sent = kinds.ToDictionary(k => k, _ => 0);
        var updatesBefore = FeatureMetrics.Updates.WithLabels(LateEventHeaders.UserAggregate).Value;

        // The processor is running before the bad records arrive, so it has to survive them rather than never start.
        var app = harness.StartApp(ProcessingGuarantee.ExactlyOnce);
        using (var producer = Testing.TestKafka.Producer(harness.Broker.BootstrapServers))
        {
            var bad = 0;
            for (var i = 0; i < GoodClicks; i++)
            {
                producer.Produce(TopicNames.Clicks, ClickSet.ToMessage(input.Clicks[i]));
                if (i % 10 == 5 && bad < kinds.Length * BadPerKind)
                {
                    var kind = kinds[bad % kinds.Length];
                    producer.Produce(TopicNames.Clicks, factory.Create(kind, bad, now));
                    sent[kind]++;
                    bad++;
                }
            }

            producer.Flush(TimeSpan.FromSeconds(20));
        }

        Assert.All(kinds, k => Assert.Equal(BadPerKind, sent[k]));
        var audit = await harness.AuditUntilCompleteAsync(input, GoodClicks, TimeSpan.FromSeconds(45));
        var totalBad = sent.Values.Sum();
        List<Confluent.Kafka.ConsumeResult<byte[], byte[]>> deadLetters = [];
        await Testing.Eventually.UntilAsync(
            () =>
            {
                deadLetters = Testing.TestKafka.ReadAll(harness.Broker.BootstrapServers, TopicNames.ClicksDeadLetter);
                return deadLetters.Count >= totalBad;
            },
            "every bad record in " + TopicNames.ClicksDeadLetter);

        Assert.NotEqual(StreamsState.Error, app.State);
        Assert.Equal(0, audit.Missing);
        Assert.Equal(0, audit.Duplicates);
        Assert.Equal(0, audit.Unexpected);
        Assert.Equal(totalBad, deadLetters.Count);

        var byKind = deadLetters.GroupBy(r => Header(r.Message.Headers, BadInputFactory.KindHeader)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var kind in kinds)
        {
            var records = byKind.GetValueOrDefault(kind.ToString()) ?? [];
            var reasons = records.Select(r => Header(r.Message.Headers, DeadLetterHeaders.Reason)).ToList();
            output.WriteLine(kind + ": sent " + sent[kind] + ", dead-lettered " + records.Count + ", reasons " + string.Join(",", reasons.Distinct()));
            Assert.Equal(sent[kind], records.Count);
            Assert.All(reasons, reason => Assert.Equal(BadInputFactory.ExpectedReason(kind), reason));
            Assert.All(records, r => Assert.False(string.IsNullOrEmpty(Header(r.Message.Headers, DeadLetterHeaders.Error))));
            Assert.All(records, r => Assert.Equal(TopicNames.Clicks, Header(r.Message.Headers, DeadLetterHeaders.SourceTopic)));
        }

        var hugeRecords = byKind[nameof(BadInputKind.Huge)];
        Assert.All(hugeRecords, r => Assert.Equal(BadInputFactory.HugeSize, r.Message.Value.Length));

        // Prometheus: dead-letter counters by reason match what was sent; the user aggregate folded exactly the good clicks.
        foreach (var group in kinds.GroupBy(BadInputFactory.ExpectedReason))
        {
            var counted = StreamsMetrics.DeadLettered.WithLabels(appId, TopicNames.Clicks, group.Key).Value;
            output.WriteLine("streams_dead_lettered_records_total{reason=" + group.Key + "} = " + counted);
            Assert.Equal(group.Sum(k => sent[k]), counted);
        }

        Assert.Equal(GoodClicks, FeatureMetrics.Updates.WithLabels(LateEventHeaders.UserAggregate).Value - updatesBefore);
    }

    private static string Header(Confluent.Kafka.Headers headers, string name) =>
        headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : string.Empty;
}
