using StreamReco.Features.Snapshots;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using static StreamReco.Features.Tests.Times;

namespace StreamReco.Features.Tests.Snapshots;

public sealed class SnapshotEncodingTests
{
    private static readonly UserFeatures User = OneEventUser();

    [Fact]
    public void Enriched_clicks_round_trip_with_and_without_user_features()
    {
        var serde = EnrichedClickSerde.Default;
        var click = Click("u1", "i1", Behavior.View, T0) with { SessionId = "s1" };

        var plain = serde.Deserialize(serde.Serialize(new EnrichedClick(click)));
        var enriched = serde.Deserialize(serde.Serialize(new EnrichedClick(click, User)));

        Assert.Equal(click, plain.Click);
        Assert.Null(plain.UserFeatures);
        Assert.Equal(click, enriched.Click);
        FeatureAssert.Equal(User, enriched.UserFeatures);
    }

    [Fact]
    public void Malformed_enriched_clicks_raise_decode_errors()
    {
        var serde = EnrichedClickSerde.Default;
        var good = serde.Serialize(new EnrichedClick(Click("u1", "i1", Behavior.View, T0), User));
        var plain = serde.Serialize(new EnrichedClick(Click("u1", "i1", Behavior.View, T0)));

        Assert.Equal(DecodeFailure.Empty, Assert.Throws<MessageDecodeException>(() => serde.Deserialize([])).Failure);
        Assert.Equal(DecodeFailure.BadHeader, Assert.Throws<MessageDecodeException>(() => serde.Deserialize(good.AsSpan(1))).Failure);
        Assert.Equal(DecodeFailure.UnknownFingerprint, Assert.Throws<MessageDecodeException>(() => serde.Deserialize([0x45, 2, .. good[2..]])).Failure);
        Assert.Throws<MessageDecodeException>(() => serde.Deserialize(good.AsSpan(0, good.Length - 3)));
        Assert.Equal(DecodeFailure.CorruptBody, Assert.Throws<MessageDecodeException>(() => serde.Deserialize([.. plain, 1])).Failure);
        Assert.Equal(DecodeFailure.CorruptBody, Assert.Throws<MessageDecodeException>(() => serde.Deserialize([.. plain[..^1], 1])).Failure);
    }

    [Fact]
    public void Pending_exposures_round_trip_and_reject_corrupt_bytes()
    {
        var pending = new PendingExposure("e1", "u1", "i1", "c1", Behavior.Click, T0, T0 + Minutes(35), FeatureVector.SchemaFingerprint, [1.5, -1, 0]);

        var bytes = pending.ToBytes();
        var decoded = PendingExposure.FromBytes(bytes);

        Assert.Equal(pending with { Features = [] }, decoded with { Features = [] });
        Assert.Equal(pending.Features, decoded.Features);
        Assert.False(decoded.HasCurrentSchema);
        Assert.Throws<MessageDecodeException>(() => PendingExposure.FromBytes(bytes[..^1]));
        Assert.Throws<MessageDecodeException>(() => PendingExposure.FromBytes([.. bytes, 0]));
        Assert.Throws<MessageDecodeException>(() => PendingExposure.FromBytes([2, .. bytes[1..]]));
    }

    [Fact]
    public void Outcome_lists_stay_sorted_capped_and_round_trip()
    {
        var outcomes = new OutcomeList();
        Assert.Equal(0, outcomes.Add(T0 + 30, Behavior.Buy, cap: 3));
        Assert.Equal(0, outcomes.Add(T0 + 10, Behavior.Cart, cap: 3));
        Assert.Equal(0, outcomes.Add(T0 + 20, Behavior.Fav, cap: 3));
        Assert.Equal(1, outcomes.Add(T0 + 40, Behavior.Buy, cap: 3));

        var decoded = OutcomeList.FromBytes(outcomes.ToBytes());

        Assert.Equal(3, decoded.Count);
        Assert.Equal((T0 + 20, Behavior.Fav), decoded.FirstWithin(T0, T0 + 100, notBefore: 0));
        Assert.Equal((T0 + 30, Behavior.Buy), decoded.FirstWithin(T0 + 20, T0 + 100, notBefore: 0));
        Assert.Null(decoded.FirstWithin(T0 + 40, T0 + 100, notBefore: 0));
        Assert.Equal((T0 + 40, Behavior.Buy), decoded.FirstWithin(T0, T0 + 100, notBefore: T0 + 35));
        Assert.Equal(2, decoded.RemoveOlderThan(T0 + 35));
        Assert.Throws<MessageDecodeException>(() => OutcomeList.FromBytes([1, 5, 0]));
    }

    [Fact]
    public void Pair_keys_cannot_collide_and_pending_ranges_select_by_time()
    {
        Assert.NotEqual(SnapshotStateKeys.Pair("ab", "c"), SnapshotStateKeys.Pair("a", "bc"));
        var pair = SnapshotStateKeys.Pair("i1", "u1");
        var inside = SnapshotStateKeys.PendingKey(pair, T0, "e\u00ff");
        var (from, to) = SnapshotStateKeys.PendingRange(pair, T0 - 5, T0);
        var (laterFrom, _) = SnapshotStateKeys.PendingRange(pair, T0 + 1, T0 + 5);
        var comparer = Streams.State.ByteArrayComparer.Instance;

        Assert.True(comparer.Compare(from, inside) <= 0 && comparer.Compare(inside, to) <= 0);
        Assert.True(comparer.Compare(inside, laterFrom) < 0);
        Assert.True(comparer.Compare(SnapshotStateKeys.PendingKey(SnapshotStateKeys.Pair("i1", "u12"), T0, "e"), to) > 0);
    }

    private static UserFeatures OneEventUser()
    {
        var aggregate = new Aggregates.UserAggregate("u1");
        aggregate.Add(Click("u1", "i1", Behavior.View, T0));
        return aggregate.Current()!;
    }
}
