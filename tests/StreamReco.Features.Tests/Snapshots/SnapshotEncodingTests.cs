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
    public void Pair_keys_cannot_collide_and_index_keys_sort_by_time_and_parse_back()
    {
        Assert.NotEqual(SnapshotStateKeys.Pair("ab", "c"), SnapshotStateKeys.Pair("a", "bc"));
        var pair = SnapshotStateKeys.Pair("i\u00e91", new string('u', 200));
        var deadline = SnapshotStateKeys.DeadlineKey(T0, pair, "e\u00ff");
        var expiry = SnapshotStateKeys.ExpiryKey(T0 + 1, pair);
        var comparer = Streams.State.ByteArrayComparer.Instance;

        var parsedDeadline = SnapshotStateKeys.ParseIndexKey(deadline);
        var parsedExpiry = SnapshotStateKeys.ParseIndexKey(expiry);
        Assert.Equal((SnapshotStateKeys.Deadline, "e\u00ff"), (parsedDeadline.Tag, parsedDeadline.ExposureId));
        Assert.Equal(pair, parsedDeadline.Pair);
        Assert.Equal((SnapshotStateKeys.Expiry, string.Empty), (parsedExpiry.Tag, parsedExpiry.ExposureId));
        Assert.Equal(pair, parsedExpiry.Pair);
        Assert.True(comparer.Compare(deadline, expiry) < 0);
        Assert.True(comparer.Compare(deadline, SnapshotStateKeys.DueUpTo(T0)) <= 0);
        Assert.True(comparer.Compare(expiry, SnapshotStateKeys.DueUpTo(T0)) > 0);
        Assert.Throws<InvalidDataException>(() => SnapshotStateKeys.ParseIndexKey(deadline[..12]));
    }

    [Fact]
    public void Pending_lists_round_trip_and_reject_corrupt_bytes()
    {
        var a = new PendingExposure("e1", "u1", "i1", "c1", Behavior.View, T0, T0 + 1, 7, [1.0]);
        var b = a with { ExposureId = "e2", Features = [2.0, 3.0] };
        var bytes = new PendingList([a, b]).ToBytes();

        var decoded = PendingList.FromBytes(bytes);

        Assert.Equal(["e1", "e2"], decoded.Items.Select(p => p.ExposureId));
        Assert.Equal([2.0, 3.0], decoded.Items[1].Features);
        Assert.Throws<MessageDecodeException>(() => PendingList.FromBytes(bytes[..^1]));
        Assert.Throws<MessageDecodeException>(() => PendingList.FromBytes([.. bytes, 0]));
    }

    private static UserFeatures OneEventUser()
    {
        var aggregate = new Aggregates.UserAggregate("u1");
        aggregate.Add(Click("u1", "i1", Behavior.View, T0));
        return aggregate.Current()!;
    }
}
