using StreamReco.Schemas.Avro;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Tests;

/// <summary>The hand-written TrainingSnapshot writer must produce exactly the bytes of Apache.Avro's generic writer.</summary>
public sealed class TrainingSnapshotCodecHandWrittenPathTests
{
    private static readonly AvroRecordCodec<TrainingSnapshot> Codec = (AvroRecordCodec<TrainingSnapshot>)Codecs.TrainingSnapshot;

    [Fact]
    public void Snapshots_encode_byte_for_byte_like_the_generic_writer_and_round_trip()
    {
        var random = new Random(11);
        var behaviors = Enum.GetValues<Behavior>();
        for (var n = 0; n < 1000; n++)
        {
            var features = Enumerable.Range(0, random.Next(0, 50))
                .ToDictionary(i => Text(random, "f") + i, _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 7)), StringComparer.Ordinal);
            var positive = random.Next(2) == 0;
            var snapshot = new TrainingSnapshot(
                Text(random, "exp"),
                Text(random, "user"),
                Text(random, "item"),
                Text(random, "cat"),
                behaviors[random.Next(behaviors.Length)],
                random.NextInt64(0, long.MaxValue),
                features,
                random.NextInt64(long.MinValue, long.MaxValue),
                positive ? 1 : 0,
                positive ? behaviors[random.Next(behaviors.Length)] : null,
                positive || random.Next(3) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : null,
                random.NextInt64(0, long.MaxValue));

            var bytes = Codec.Encode(snapshot);

            Assert.Equal(Codec.EncodeGeneric(snapshot), bytes);
            var decoded = Codec.Decode(bytes);
            Assert.Equal(snapshot with { Features = features }, decoded with { Features = features });
            Assert.Equal(features, decoded.Features);
        }
    }

    [Fact]
    public void An_undefined_behavior_or_missing_string_is_a_clear_error()
    {
        var valid = new TrainingSnapshot("e", "u", "i", "c", Behavior.View, 1, new Dictionary<string, double> { ["x"] = 1 }, 2, 0, null, null, 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => Codec.Encode(valid with { ExposureBehavior = (Behavior)42 }));
        Assert.Throws<ArgumentNullException>(() => Codec.Encode(valid with { ItemId = null! }));
    }

    // Mixed ASCII and multi-byte characters, so UTF-8 lengths differ from string lengths.
    private static string Text(Random random, string prefix) =>
        prefix + new string([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => random.Next(5) == 0 ? 'é' : (char)random.Next('a', 'z' + 1))]);
}
