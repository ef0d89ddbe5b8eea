using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamReco.Drift.Processing;
using StreamReco.Features.Processing;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.Testing;

namespace StreamReco.Drift.Tests.Processing;

/// <summary>
/// A features record carrying <see cref="FeatureHeaders.CoalescedUpdates"/> = k stands for k updates of its entity with the
/// record's values; drift must count it exactly like k identical records without the header.
/// </summary>
public sealed class CoalescedUpdatesTopologyTests
{
    private const long WindowMs = 10 * 60_000;
    private const int Windows = 12;

    [Fact]
    public void A_record_with_three_coalesced_updates_gives_the_same_windows_as_three_identical_records()
    {
        var coalesced = Run((users, items, user, item, t, k) =>
        {
            users.PipeInput(user.UserId, user, t, FeatureHeaders.ForCoalescedUpdates(k));
            items.PipeInput(item.ItemId, item, t, FeatureHeaders.ForCoalescedUpdates(k));
        });
        var repeated = Run((users, items, user, item, t, k) =>
        {
            for (var j = 0; j < k; j++)
            {
                users.PipeInput(user.UserId, user, t);
                items.PipeInput(item.ItemId, item, t);
            }
        });
        var uncoalesced = Run((users, items, user, item, t, _) =>
        {
            users.PipeInput(user.UserId, user, t);
            items.PipeInput(item.ItemId, item, t);
        });

        Assert.Equal(repeated, coalesced);
        Assert.Contains(coalesced, m => m.Feature == "user_seconds_since_previous_event");
        Assert.Contains(coalesced, m => m.Feature == "item_popularity_1h");
        // Every third update pair is coalesced (k = 3) in the weighted runs: N = 100 + 2 * 34 per window and feature.
        Assert.All(coalesced, m => Assert.Equal(168, m.LiveCount));
        Assert.All(uncoalesced, m => Assert.Equal(100, m.LiveCount));
    }

    [Fact]
    public void Malformed_update_counts_are_counted_logged_with_a_constant_template_and_weigh_one_update()
    {
        string[] malformed = ["three", "0", "-2", "3 ", string.Empty];
        var log = new RecordingLogger();
        var before = DriftPrometheusMetrics.MalformedCoalescedUpdates.Value;
        var withBadHeaders = Run(
            (users, items, user, item, t, k) =>
            {
                var header = new Headers { { FeatureHeaders.CoalescedUpdates, Encoding.ASCII.GetBytes(malformed[(int)(t / 1000) % malformed.Length]) } };
                users.PipeInput(user.UserId, user, t, header);
                items.PipeInput(item.ItemId, item, t);
            },
            log);
        var counted = DriftPrometheusMetrics.MalformedCoalescedUpdates.Value - before;
        var withoutHeaders = Run((users, items, user, item, t, _) =>
        {
            users.PipeInput(user.UserId, user, t);
            items.PipeInput(item.ItemId, item, t);
        });

        Assert.Equal(withoutHeaders, withBadHeaders);
        Assert.All(withBadHeaders, m => Assert.Equal(100, m.LiveCount));

        // Records per run: Windows * 100 user updates, all with a malformed header; the counter is process-wide and
        // only this test sends malformed headers.
        Assert.Equal(Windows * 100, counted);

        // 1 200 malformed records on one task: the first and the 1 001st are logged, not every one.
        Assert.Equal(2, log.Entries.Count);
        Assert.All(log.Entries, e =>
        {
            Assert.Equal(LogLevel.Warning, e.Level);
            Assert.StartsWith("Malformed {Header} header on {Topic}", e.Template, StringComparison.Ordinal);
            Assert.Contains(FeatureHeaders.CoalescedUpdates, e.Message, StringComparison.Ordinal);
            Assert.Contains(TopicNames.UserFeatures, e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void An_absent_header_and_an_explicit_count_of_one_both_mean_one_update()
    {
        Assert.Null(FeatureHeaders.ForCoalescedUpdates(1));
        var explicitOne = Run((users, items, user, item, t, _) =>
        {
            users.PipeInput(user.UserId, user, t, new Headers { { FeatureHeaders.CoalescedUpdates, "1"u8.ToArray() } });
            items.PipeInput(item.ItemId, item, t, new Headers { { "unrelated", "7"u8.ToArray() } });
        });
        var absent = Run((users, items, user, item, t, _) =>
        {
            users.PipeInput(user.UserId, user, t);
            items.PipeInput(item.ItemId, item, t);
        });

        Assert.Equal(absent, explicitOne);
        Assert.All(absent, m => Assert.Equal(100, m.LiveCount));
    }

    [Fact]
    public void Extracted_observations_carry_their_update_count()
    {
        var rng = new Random(2);
        var user = DriftTopologyTests.User(rng, 5, 1.0, "u1");
        Assert.Equal(1, FeatureObservationExtractor.FromUser(user, 5).Updates);
        Assert.Equal(4, FeatureObservationExtractor.FromUser(user, 5, 4).Updates);
        Assert.Equal(2, FeatureObservationExtractor.FromItem(Item(rng, 5, "i1"), 5, 2).Updates);
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureObservationExtractor.FromUser(user, 5, 0));
    }

    private delegate void PipeUpdate(
        TestInputTopic<string, UserFeatures> users, TestInputTopic<string, ItemFeatures> items, UserFeatures user, ItemFeatures item, long t, int updates);

    /// <summary>
    /// <see cref="Windows"/> windows of 100 user and 100 item updates (30 users, 40 items, so entities repeat), every third
    /// pair with k = 3, piped by <paramref name="pipe"/>; returns the closed windows' metrics in emission order.
    /// </summary>
    private static List<DriftMetric> Run(PipeUpdate pipe, ILogger? log = null)
    {
        var references = new DriftReferenceHolder();
        using var driver = new TopologyTestDriver(
            DriftTopology.Build(DriftTopologyTests.Options(), new DriftPrometheusMetrics(), references, log: log));
        var users = driver.CreateInputTopic(TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures));
        var items = driver.CreateInputTopic(TopicNames.ItemFeatures, Serdes.String, Serdes.FromCodec(Codecs.ItemFeatures));
        var metricsOut = driver.CreateOutputTopic(TopicNames.DriftMetrics, Serdes.String, Serdes.FromCodec(Codecs.DriftMetric));

        var rng = new Random(9);
        references.Publish(Model(rng));
        for (var w = 0; w < Windows; w++)
        {
            for (var i = 0; i < 100; i++)
            {
                var t = (w * WindowMs) + (i * 1000L);
                pipe(users, items, DriftTopologyTests.User(rng, t, 1.0, "u" + rng.Next(30)), Item(rng, t, "i" + rng.Next(40)), t, i % 3 == 0 ? 3 : 1);
            }
        }

        // A later update moves stream time past the last window of the run and closes it.
        items.PipeInput("i-final", Item(rng, (Windows + 1) * WindowMs, "i-final"), (Windows + 1) * WindowMs);
        return [.. metricsOut.ReadValuesToList().Where(m => m.WindowStart < Windows * WindowMs)];
    }

    private static ModelVersion Model(Random rng)
    {
        var model = DriftTopologyTests.Model(rng);
        var popularity = Enumerable.Range(0, 2000).Select(_ => (double)rng.Next(12)).Order().ToArray();
        return model with
        {
            FeatureNames = [.. model.FeatureNames, "item_popularity_1h"],
            ReferenceDistributions = [.. model.ReferenceDistributions, new ReferenceSample("item_popularity_1h", popularity, 2000)],
        };
    }

    private static ItemFeatures Item(Random rng, long asOf, string itemId) =>
        new(itemId, "c1", asOf, 0, rng.Next(10), 1, 1, 1, 0, 0, 0, 0);
}
