using Confluent.Kafka;
using StreamReco.Testing;

namespace StreamReco.Kafka.Tests;

public sealed class KafkaRecordDeleterTests
{
    [Fact]
    public async Task A_broker_without_DeleteRecords_fails_the_request_with_a_kafka_error()
    {
        // The embedded broker answers no DeleteRecords (EmbeddedBroker deletes through the mock's own call instead): a client
        // that reaches it by address must get an error it can log and count, not a hang or a silent success.
        using var broker = EmbeddedBroker.Start();
        broker.CreateTopic("no-delete-api", partitions: 1);
        await NumberedRecords.ProduceAsync(broker.BootstrapServers, "no-delete-api", 1);

        using var deleter = new KafkaRecordDeleter(broker.BootstrapServers);

        await Assert.ThrowsAnyAsync<KafkaException>(
            () => deleter.DeleteRecordsBeforeAsync([new TopicPartitionOffset("no-delete-api", 0, 1)]).WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [DockerFact]
    public async Task Records_before_the_offset_are_deleted_on_a_real_broker()
    {
        await using var kafka = new Testcontainers.Kafka.KafkaBuilder("confluentinc/cp-kafka:7.6.1").Build();
        await kafka.StartAsync();
        var bootstrap = kafka.GetBootstrapAddress();
        using (var admin = new KafkaTopicAdmin(bootstrap))
        {
            await admin.EnsureTopicsAsync([new TopicSpec("purged", 1)]);
        }

        await NumberedRecords.ProduceAsync(bootstrap, "purged", 10);

        using var deleter = new KafkaRecordDeleter(bootstrap);
        await deleter.DeleteRecordsBeforeAsync([new TopicPartitionOffset("purged", 0, 6)]);

        NumberedRecords.AssertHolds(bootstrap, "purged", 6, 10);
    }
}
