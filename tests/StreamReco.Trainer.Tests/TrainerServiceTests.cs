using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Kafka;
using StreamReco.Kafka.Models;
using StreamReco.Schemas;
using StreamReco.Testing;
using StreamReco.Trainer.Service;
using StreamReco.Trainer.Storage;
using StreamReco.Trainer.Training;

namespace StreamReco.Trainer.Tests;

// Shares the process-wide champion/challenger counters; runs apart from other classes that move them.
[Collection("TrainerMetrics")]
public sealed class TrainerServiceTests : IDisposable
{
    private static readonly TimeSpan TrainingTimeout = TimeSpan.FromMinutes(2);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "streamreco-trainer-svc-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Service_stores_snapshots_trains_on_new_data_and_on_requests_and_publishes_chunked_models()
    {
        using var broker = EmbeddedBroker.Start();
        broker.CreatePipelineTopics(partitions: 2);
        var data = SyntheticSnapshots.Generate(1000);
        using (var producer = TestKafka.Producer(broker.BootstrapServers))
        {
            foreach (var s in data)
            {
                producer.Produce(TopicNames.TrainingSnapshots, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(s.UserId), Value = Codecs.TrainingSnapshot.Encode(s) });
            }

            producer.Produce(TopicNames.TrainingSnapshots, new Message<byte[], byte[]> { Key = [1], Value = [1, 2, 3] });
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        var options = new TrainerOptions
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "trainer-test",
            TrainingSet = new TrainingSetOptions { DataDirectory = _directory, MaxAge = TimeSpan.FromDays(30) },
            MinNewRows = 1000,
            MaxMessageBytes = 16_000,
            ChampionLoadTimeout = TimeSpan.FromSeconds(5),
            Pipeline = new TrainingPipelineOptions
            {
                Algorithms = [ModelAlgorithm.FastTree],
                TuningBudget = 2,
                TuningInitialPoints = 2,
                MaxTrees = 20,
                Threads = 1,
                ReferenceSampleSize = 50,
            },
        };
        var runs = new ConcurrentQueue<(string Reason, TrainingRunResult? Result)>();
        using var service = new TrainerService(options, TimeProvider.System, NullLoggerFactory.Instance);
        service.RunCompleted += (reason, result) => runs.Enqueue((reason, result));
        using var cts = new CancellationTokenSource();
        var running = Task.Run(() => service.RunAsync(cts.Token));

        await Eventually.UntilAsync(() => !runs.IsEmpty || running.IsCompleted, "first training run", TrainingTimeout);
        Assert.False(running.IsFaulted, running.Exception?.ToString());
        var first = runs.First();
        Assert.StartsWith(nameof(TrainingTriggerReason.NewData), first.Reason, StringComparison.Ordinal);
        Assert.Equal(ChampionDecision.PublishedNoChampion, first.Result!.Verdict.Decision);

        using (var producer = TestKafka.Producer(broker.BootstrapServers))
        {
            producer.Produce(TopicNames.TrainerRequests, new Message<byte[], byte[]> { Key = [], Value = Encoding.UTF8.GetBytes("drift on user_views_1h") });
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        await Eventually.UntilAsync(() => runs.Count >= 2 || running.IsCompleted, "requested training run", TrainingTimeout);
        Assert.False(running.IsFaulted, running.Exception?.ToString());
        var second = runs.ElementAt(1);
        Assert.Equal("Request: drift on user_views_1h", second.Reason);
        // Same window and seed: the challenger equals the champion and is not published.
        Assert.Equal(ChampionDecision.RejectedNotBetter, second.Result!.Verdict.Decision);
        await cts.CancelAsync();
        await running;

        // models.versions holds exactly the first version, chunked per ModelChunkKeys, and it reassembles to a loadable model.
        var records = TestKafka.ReadAll(broker.BootstrapServers, TopicNames.ModelVersions);
        var version = first.Result.Manifest.Version;
        Assert.True(records.Count > 1, "expected several chunks at 16 KB per message, got " + records.Count);
        Assert.All(records, r => Assert.True(r.Message.Value.Length <= 16_000));
        Assert.Equal(
            Enumerable.Range(0, records.Count - 1).Select(i => "ctr/" + version + "/" + i).Append("ctr"),
            records.Select(r => Encoding.UTF8.GetString(r.Message.Key)));
        var assembler = new ModelAssembler();
        AssembledModel? model = null;
        foreach (var r in records)
        {
            model = assembler.Add(Codecs.ModelVersion.Decode(r.Message.Value)) ?? model;
        }

        Assert.NotNull(model);
        Assert.Equal(first.Result.ModelBytes, model.ModelBytes);
        var scores = ModelScorer.Load(model.ModelBytes).Score(data.Take(5).Select(FeatureRows.Vector).ToArray());
        Assert.Equal(5, scores.Scores.Count);

        // Snapshots were persisted (the garbage record was rejected) and their offsets committed.
        service.Dispose();
        using (var store = TrainingSetStore.Open(options.TrainingSet))
        {
            Assert.Equal(1000, store.Count);
        }

        using var consumer = TestKafka.Consumer(broker.BootstrapServers, "trainer-test");
        var committed = consumer.Committed(
            [new TopicPartition(TopicNames.TrainingSnapshots, 0), new TopicPartition(TopicNames.TrainingSnapshots, 1)], TimeSpan.FromSeconds(10));
        Assert.Equal(1001, committed.Sum(c => c.Offset.Value));
    }

    [Fact]
    public void Process_stores_valid_snapshots_once_and_rejects_undecodable_and_foreign_schema_records()
    {
        var data = SyntheticSnapshots.Generate(5);
        var options = new TrainerOptions
        {
            BootstrapServers = "unused:9092",
            TrainingSet = new TrainingSetOptions { DataDirectory = _directory, MaxAge = TimeSpan.FromDays(30) },
        };
        using var service = new TrainerService(options, TimeProvider.System, NullLoggerFactory.Instance);
        var rejected = TrainerMetrics.SnapshotsRejected.Value;
        var offset = 0;
        ConsumeResult<string, byte[]?> Record(string topic, byte[] value) => new()
        {
            TopicPartitionOffset = new TopicPartitionOffset(topic, 0, offset++),
            Message = new Message<string, byte[]?> { Key = "k", Value = value },
        };

        service.Process(
        [
            .. data.Select(s => Record(TopicNames.TrainingSnapshots, Codecs.TrainingSnapshot.Encode(s))),
            Record(TopicNames.TrainingSnapshots, Codecs.TrainingSnapshot.Encode(data[0])),
            Record(TopicNames.TrainingSnapshots, Codecs.TrainingSnapshot.Encode(data[1] with { ExposureId = "x", FeatureSchemaFingerprint = 7 })),
            Record(TopicNames.TrainingSnapshots, [0xC3, 0x01, 9]),
            Record(TopicNames.TrainerRequests, Encoding.UTF8.GetBytes("drift")),
        ]);

        Assert.Equal(5, service.Store.Count);
        Assert.Equal(rejected + 2, TrainerMetrics.SnapshotsRejected.Value);
        Assert.Equal(data.Select(s => s.ExposureId), service.Store.Snapshot().Select(s => s.ExposureId));
    }
}
