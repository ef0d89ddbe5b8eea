using Microsoft.Extensions.Time.Testing;
using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.Testing;
using static StreamReco.Features.Tests.Times;

namespace StreamReco.Features.Tests;

/// <summary>
/// Emission of features.user / features.item on cache flush (the default) against one record per update: the coalesced record
/// equals the last per-update record of its key and says how many updates it stands for.
/// </summary>
public sealed class FeatureEmissionTests
{
    private static readonly ISerde<ClickEvent> ClickSerde = Serdes.FromCodec(Codecs.ClickEvent);

    private static readonly ClickEvent[] Events =
    [
        Click("u1", "i1", Behavior.View, T0 + Minutes(1), "c1"),
        Click("u2", "i1", Behavior.View, T0 + Minutes(2), "c1"),
        Click("u1", "i2", Behavior.Click, T0 + Minutes(3), "c2"),
        Click("u1", "i1", Behavior.Cart, T0 + Minutes(4), "c1"),
        Click("u2", "i2", Behavior.View, T0 + Minutes(5), "c2"),
        Click("u1", "i1", Behavior.Buy, T0 + Minutes(6), "c1"),
    ];

    [Fact]
    public void Between_commits_each_key_is_emitted_once_with_its_newest_features_and_its_update_count()
    {
        var perUpdate = Run(emitEveryUpdate: true, commitAfterEachRecord: true);
        var coalesced = Run(emitEveryUpdate: false, commitAfterEachRecord: false);

        Assert.Equal(Events.Length, perUpdate.Users.Count);
        Assert.All(perUpdate.Users, r => Assert.Null(r.HeaderString(FeatureHeaders.CoalescedUpdates)));
        Assert.Equal(["u1", "u2"], coalesced.Users.Select(r => r.Key));
        Assert.Equal(["4", "2"], coalesced.Users.Select(r => r.HeaderString(FeatureHeaders.CoalescedUpdates)));
        foreach (var record in coalesced.Users)
        {
            var lastPerUpdate = perUpdate.Users.Last(r => r.Key == record.Key);
            FeatureAssert.Equal(lastPerUpdate.Value, record.Value);
            Assert.Equal(lastPerUpdate.TimestampMs, record.TimestampMs);
        }

        Assert.Equal(["i1", "i2"], coalesced.Items.Select(r => r.Key));
        Assert.Equal(["4", "2"], coalesced.Items.Select(r => r.HeaderString(FeatureHeaders.CoalescedUpdates)));
        foreach (var record in coalesced.Items)
        {
            Assert.Equal(perUpdate.Items.Last(r => r.Key == record.Key).Value, record.Value);
        }
    }

    [Fact]
    public void A_key_updated_once_since_its_last_emission_carries_no_header_and_a_commit_without_updates_emits_nothing()
    {
        var (driver, clicks, users, _) = Create(emitEveryUpdate: false, commitAfterEachRecord: false);
        using (driver)
        {
            clicks.PipeInput("u1", Events[0], Events[0].EventTime);
            driver.Commit();
            driver.Commit();

            var record = Assert.Single(users.ReadRecordsToList());
            Assert.Null(record.HeaderString(FeatureHeaders.CoalescedUpdates));
            Assert.Equal(1, FeatureHeaders.CoalescedUpdatesOf(record.Headers));
        }
    }

    [Fact]
    public void Coalesced_update_counts_round_trip_and_malformed_ones_are_a_clear_error()
    {
        Assert.Null(FeatureHeaders.ForCoalescedUpdates(1));
        Assert.Equal(1234, FeatureHeaders.CoalescedUpdatesOf(FeatureHeaders.ForCoalescedUpdates(1234)));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureHeaders.ForCoalescedUpdates(0));
        var malformed = new Confluent.Kafka.Headers { { FeatureHeaders.CoalescedUpdates, "4x"u8.ToArray() } };
        var error = Assert.Throws<FormatException>(() => FeatureHeaders.CoalescedUpdatesOf(malformed));
        Assert.Contains("4x", error.Message, StringComparison.Ordinal);
    }

    private static (List<TestRecord<string, UserFeatures>> Users, List<TestRecord<string, ItemFeatures>> Items) Run(bool emitEveryUpdate, bool commitAfterEachRecord)
    {
        var (driver, clicks, users, items) = Create(emitEveryUpdate, commitAfterEachRecord);
        using (driver)
        {
            foreach (var e in Events)
            {
                clicks.PipeInput(e.UserId, e, e.EventTime);
            }

            driver.Commit();
            return (users.ReadRecordsToList(), items.ReadRecordsToList());
        }
    }

    private static (TopologyTestDriver Driver, TestInputTopic<string, ClickEvent> Clicks, TestOutputTopic<string, UserFeatures> Users, TestOutputTopic<string, ItemFeatures> Items)
        Create(bool emitEveryUpdate, bool commitAfterEachRecord)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0 + Days(30)));
        var options = new FeatureTopologyOptions { PersistentStores = false, TimeProvider = clock, EmitEveryUpdate = emitEveryUpdate };
        var driver = new TopologyTestDriver(
            FeatureTopology.Build(options), new TopologyTestDriverOptions { TimeProvider = clock, CommitAfterEachRecord = commitAfterEachRecord });
        return (
            driver,
            driver.CreateInputTopic(TopicNames.Clicks, Serdes.String, ClickSerde),
            driver.CreateOutputTopic(TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures)),
            driver.CreateOutputTopic(TopicNames.ItemFeatures, Serdes.String, Serdes.FromCodec(Codecs.ItemFeatures)));
    }
}
