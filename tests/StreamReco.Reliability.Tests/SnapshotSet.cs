using System.Text;
using Confluent.Kafka;
using StreamReco.Features;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Testing;

namespace StreamReco.Reliability.Tests;

/// <summary>A known training input: snapshot i has exposure id "x{i}", user "u{i % users}" and event time start + i s.</summary>
public sealed class SnapshotSet
{
    private SnapshotSet(IReadOnlyList<TrainingSnapshot> snapshots)
    {
        Snapshots = snapshots;
    }

    public IReadOnlyList<TrainingSnapshot> Snapshots { get; }

    public static SnapshotSet Create(int count, int users)
    {
        var random = new Random(11);
        var start = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds();
        var snapshots = Enumerable.Range(0, count).Select(i =>
        {
            var features = FeatureVector.Names.ToDictionary(n => n, _ => random.NextDouble(), StringComparer.Ordinal);
            var label = random.Next(4) == 0 ? 1 : 0;
            var time = start + i * 1000L;
            return new TrainingSnapshot(
                "x" + i, "u" + (i % users), "i" + (i % 40), "c" + (i % 6), Behavior.View, time, features, FeatureVector.SchemaFingerprint,
                label, label == 1 ? Behavior.Click : null, label == 1 ? time + 500 : null, 1_800_000);
        }).ToList();
        return new SnapshotSet(snapshots);
    }

    public void Produce(string bootstrapServers, int from, int count)
    {
        using var producer = TestKafka.Producer(bootstrapServers);
        foreach (var snapshot in Snapshots.Skip(from).Take(count))
        {
            producer.Produce(TopicNames.TrainingSnapshots, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(snapshot.UserId),
                Value = Codecs.TrainingSnapshot.Encode(snapshot),
            });
        }

        producer.Flush(TimeSpan.FromSeconds(20));
    }
}
