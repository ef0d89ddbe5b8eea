using Confluent.Kafka;
using StreamReco.Kafka;
using StreamReco.Producers.Replay;
using StreamReco.Producers.Synthetic;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Testing;

namespace StreamReco.Producers.Tests;

public sealed class ClickEventProducerTests
{
    [Fact]
    public void Config_is_idempotent_acks_all_lz4_with_short_linger_and_cannot_be_weakened()
    {
        var config = ClickEventProducer.BuildConfig(new ClickEventProducerOptions
        {
            BootstrapServers = "localhost:9092",
            ExtraConfig = new Dictionary<string, string> { ["acks"] = "1", ["enable.idempotence"] = "false", ["socket.timeout.ms"] = "1234" },
        });

        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal(5, config.LingerMs);
        Assert.Equal("lz4", config.Get("compression.type"));
        Assert.Equal("1234", config.Get("socket.timeout.ms"));
    }

    [Fact]
    public async Task Generated_events_round_trip_through_the_embedded_broker()
    {
        using var broker = EmbeddedBroker.Start(brokerCount: 1);
        broker.CreateTopic(TopicNames.Clicks, partitions: 3);
        var events = new SyntheticClickstream(new SyntheticClickstreamOptions { MaxEvents = 3_000, Seed = 5 }).ToList();
        var progress = new List<ProduceProgress>();

        ProduceProgress final;
        using (var producer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = broker.BootstrapServers }))
        {
            final = await producer.ProduceAllAsync(events, onProgress: progress.Add);
        }

        Assert.Equal(3_000, final.Sent);
        Assert.Equal(3_000, final.Delivered);
        Assert.Equal(0, final.Failed);
        Assert.NotEmpty(progress);
        Assert.True(final.EventsPerSecond > 0);

        var records = TestKafka.ReadAll(broker.BootstrapServers, TopicNames.Clicks);
        Assert.Equal(3_000, records.Count);
        var decoded = records.Select(r => (Key: System.Text.Encoding.UTF8.GetString(r.Message.Key), Event: Codecs.ClickEvent.Decode(r.Message.Value))).ToList();
        Assert.All(decoded, d => Assert.Equal(d.Event.UserId, d.Key));
        Assert.Equal(events.OrderBy(e => e.EventId), decoded.Select(d => d.Event).OrderBy(e => e.EventId));

        // Keyed by user: each user's events keep their produce order within the partition.
        var expectedPerUser = events.GroupBy(e => e.UserId).ToDictionary(g => g.Key, g => g.Select(e => e.EventId).ToList());
        foreach (var partition in records.GroupBy(r => r.Partition.Value))
        {
            foreach (var user in partition.Select(r => Codecs.ClickEvent.Decode(r.Message.Value)).GroupBy(e => e.UserId))
            {
                Assert.Equal(expectedPerUser[user.Key], user.Select(e => e.EventId).ToList());
            }
        }
    }

    [Fact]
    public async Task Delivery_errors_are_counted_reported_and_thrown()
    {
        using var broker = EmbeddedBroker.Start(brokerCount: 1);
        broker.CreateTopic(TopicNames.Clicks, partitions: 1);
        broker.PushRequestErrors(KafkaApi.Produce, Enumerable.Repeat(ErrorCode.TopicAuthorizationFailed, 50).ToArray());
        var reported = new List<DeliveryFailure>();
        var events = new SyntheticClickstream(new SyntheticClickstreamOptions { MaxEvents = 20 }).ToList();
        using var producer = new ClickEventProducer(
            new ClickEventProducerOptions { BootstrapServers = broker.BootstrapServers, FlushTimeout = TimeSpan.FromSeconds(20) },
            onDeliveryFailure: failure =>
            {
                lock (reported)
                {
                    reported.Add(failure);
                }
            });

        var ex = await Assert.ThrowsAsync<ClickEventDeliveryException>(() => producer.ProduceAllAsync(events));

        Assert.True(ex.FailedCount > 0);
        Assert.All(ex.Failures, f => Assert.Equal(ErrorCode.TopicAuthorizationFailed, f.Code));
        Assert.All(ex.Failures, f => Assert.Contains(events, e => e.EventId == f.EventId && e.UserId == f.Key));

        // Whatever was still in flight settles on flush; every event is accounted for and every failure reported.
        producer.Flush();
        Assert.Equal(producer.Sent, producer.Delivered + producer.Failed);
        Assert.True(producer.Failed >= ex.FailedCount);
        lock (reported)
        {
            Assert.Equal(producer.Failed, reported.Count);
        }
    }

    [Fact]
    public async Task Endless_stream_stops_with_the_first_delivery_failure()
    {
        using var broker = EmbeddedBroker.Start(brokerCount: 1);
        broker.CreateTopic(TopicNames.Clicks, partitions: 1);
        broker.PushRequestErrors(KafkaApi.Produce, Enumerable.Repeat(ErrorCode.TopicAuthorizationFailed, 1_000).ToArray());
        using var producer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = broker.BootstrapServers });
        var endless = new SyntheticClickstream(new SyntheticClickstreamOptions());
        // Paced like a live generator (about 2,500 events/s), so the run is a real long-running loop.
        var pacer = new ReplayPacer(TimeProvider.System, speedUp: 50);

        var ex = await Assert.ThrowsAsync<ClickEventDeliveryException>(
            () => producer.ProduceAllAsync(endless, pacer).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, ex.Failures[0].Code);
    }

    [DockerFact]
    public async Task Generated_events_round_trip_through_a_real_kafka_container()
    {
        await using var kafka = new Testcontainers.Kafka.KafkaBuilder("confluentinc/cp-kafka:7.6.1").Build();
        await kafka.StartAsync();
        var events = new SyntheticClickstream(new SyntheticClickstreamOptions { MaxEvents = 500, Seed = 9 }).ToList();

        using (var producer = new ClickEventProducer(new ClickEventProducerOptions { BootstrapServers = kafka.GetBootstrapAddress() }))
        {
            await producer.ProduceAllAsync(events);
        }

        var decoded = TestKafka.ReadAll(kafka.GetBootstrapAddress(), TopicNames.Clicks)
            .Select(r => Codecs.ClickEvent.Decode(r.Message.Value))
            .OrderBy(e => e.EventId)
            .ToList();
        Assert.Equal(events.OrderBy(e => e.EventId), decoded);
    }
}
