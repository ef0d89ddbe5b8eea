using System.Buffers.Binary;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Tests;

public sealed class RoundTripTests
{
    [Fact]
    public void ClickEvent_round_trips_with_and_without_session()
    {
        foreach (var value in new[] { SampleMessages.Click(), SampleMessages.Click(session: null), SampleMessages.UnicodeClick() })
        {
            Assert.Equal(value, Codecs.ClickEvent.Decode(Codecs.ClickEvent.Encode(value)));
        }
    }

    [Fact]
    public void ClickEvent_round_trips_empty_strings_and_extreme_times()
    {
        foreach (var time in new[] { 0L, -1L, long.MinValue, long.MaxValue, 63L, 64L, -64L, -65L })
        {
            var value = new ClickEvent("", "", "", "", Behavior.View, time, "");
            Assert.Equal(value, Codecs.ClickEvent.Decode(Codecs.ClickEvent.Encode(value)));
        }
    }

    [Fact]
    public void UserFeatures_round_trips() => AssertRoundTrip(Codecs.UserFeatures, SampleMessages.User(), SampleMessages.User(emptyCategories: true));

    [Fact]
    public void ItemFeatures_round_trips()
    {
        var special = SampleMessages.Item() with { ClickRate24h = double.NaN, TrendingScore = double.PositiveInfinity, AsOf = long.MinValue };
        AssertRoundTrip(Codecs.ItemFeatures, SampleMessages.Item(), special);
    }

    [Fact]
    public void DriftMetric_round_trips() =>
        AssertRoundTrip(Codecs.DriftMetric, SampleMessages.Drift(), SampleMessages.Drift() with { Alarm = false, Feature = "__score__", PValue = 0 });

    [Fact]
    public void TrainingSnapshot_round_trips_positive_and_negative() =>
        AssertRoundTrip(Codecs.TrainingSnapshot, SampleMessages.Snapshot(positive: true), SampleMessages.Snapshot(positive: false));

    [Fact]
    public void TrainingSnapshot_keeps_null_label_fields_null()
    {
        var decoded = Codecs.TrainingSnapshot.Decode(Codecs.TrainingSnapshot.Encode(SampleMessages.Snapshot(positive: false)));
        Assert.Null(decoded.LabelBehavior);
        Assert.Null(decoded.LabelTime);
        Assert.Empty(decoded.Features);
    }

    [Fact]
    public void ModelVersion_round_trips_full_and_empty_collections() =>
        AssertRoundTrip(Codecs.ModelVersion, SampleMessages.Model(), SampleMessages.Model(empty: true));

    [Fact]
    public void ModelVersion_round_trips_a_large_chunk()
    {
        var chunk = new byte[300_000];
        new Random(5).NextBytes(chunk);
        var decoded = Codecs.ModelVersion.Decode(Codecs.ModelVersion.Encode(SampleMessages.Model() with { Chunk = chunk }));
        Assert.Equal(chunk, decoded.Chunk);
    }

    [Fact]
    public void Recommendation_round_trips_with_and_without_optional_fields() =>
        AssertRoundTrip(Codecs.Recommendation, SampleMessages.Reco(withNulls: true), SampleMessages.Reco(withNulls: false));

    [Fact]
    public void Recommendation_keeps_nulls()
    {
        var decoded = Codecs.Recommendation.Decode(Codecs.Recommendation.Encode(SampleMessages.Reco(withNulls: true)));
        Assert.Null(decoded.RequestId);
        Assert.Null(decoded.TriggerEventId);
        Assert.Null(decoded.FallbackReason);
        Assert.Equal(2, decoded.Items.Count);
    }

    [Fact]
    public void Every_encoding_starts_with_the_single_object_header_of_its_current_schema()
    {
        AssertHeader(Codecs.ClickEvent, Codecs.ClickEvent.Encode(SampleMessages.Click()), "streamreco.ClickEvent");
        AssertHeader(Codecs.UserFeatures, Codecs.UserFeatures.Encode(SampleMessages.User()), "streamreco.UserFeatures");
        AssertHeader(Codecs.ItemFeatures, Codecs.ItemFeatures.Encode(SampleMessages.Item()), "streamreco.ItemFeatures");
        AssertHeader(Codecs.DriftMetric, Codecs.DriftMetric.Encode(SampleMessages.Drift()), "streamreco.DriftMetric");
        AssertHeader(Codecs.TrainingSnapshot, Codecs.TrainingSnapshot.Encode(SampleMessages.Snapshot(true)), "streamreco.TrainingSnapshot");
        AssertHeader(Codecs.ModelVersion, Codecs.ModelVersion.Encode(SampleMessages.Model()), "streamreco.ModelVersion");
        AssertHeader(Codecs.Recommendation, Codecs.Recommendation.Encode(SampleMessages.Reco(false)), "streamreco.Recommendation");
    }

    [Fact]
    public void Codecs_are_safe_to_share_across_threads()
    {
        var failures = 0;
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var click = SampleMessages.Click() with { EventId = $"e-{i}" };
            var user = SampleMessages.User() with { UserId = $"u-{i}" };
            var old = Codecs.ClickEvent.Decode(SchemaEvolutionTests.EncodeAsV1(click));
            if (Codecs.ClickEvent.Decode(Codecs.ClickEvent.Encode(click)) != click
                || Codecs.UserFeatures.Decode(Codecs.UserFeatures.Encode(user)).UserId != user.UserId
                || old.EventId != click.EventId)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    private static void AssertRoundTrip<T>(IMessageCodec<T> codec, params T[] values)
    {
        foreach (var value in values)
        {
            ContractAssert.Equivalent(value, codec.Decode(codec.Encode(value)));
        }
    }

    private static void AssertHeader<T>(IMessageCodec<T> codec, byte[] bytes, string fullName)
    {
        Assert.Equal(0xC3, bytes[0]);
        Assert.Equal(0x01, bytes[1]);
        Assert.Equal(codec.Fingerprint, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(2)));
        Assert.Equal(SchemaCatalog.Default.Current(fullName).Fingerprint, codec.Fingerprint);
    }
}
