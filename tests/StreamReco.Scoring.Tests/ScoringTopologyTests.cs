using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Serving;
using StreamReco.Streams;
using StreamReco.Streams.Testing;

namespace StreamReco.Scoring.Tests;

public sealed class ScoringTopologyTests : IDisposable
{
    private readonly ScoringService _service;
    private readonly TopologyTestDriver _driver;
    private readonly TestInputTopic<string, ClickEvent> _clicks;
    private readonly TestInputTopic<string, UserFeatures> _userFeatures;
    private readonly TestInputTopic<string, RecommendationRequest> _requests;
    private readonly TestOutputTopic<string, Recommendation> _recommendations;

    public ScoringTopologyTests()
    {
        var metrics = new ScoringMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        // Fake time: the latency budget cannot trip on a busy machine (it has its own tests).
        _service = new ScoringService(new ScoringOptions { TopN = 5 }, metrics, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TestData.Now)));
        foreach (var category in ScoringWorld.Categories)
        {
            for (var i = 0; i < 10; i++)
            {
                _service.OnItemFeatures(TestData.Item(ScoringWorld.ItemId(category, i), category, popularity24h: 100 - i, trending: i == 1 ? 3 : 0.1));
            }
        }

        _service.Catalog.Refresh();
        _driver = new TopologyTestDriver(ScoringTopology.Build(_service));
        _clicks = _driver.CreateInputTopic(TopicNames.Clicks, Serdes.String, Serdes.FromCodec(Codecs.ClickEvent));
        _userFeatures = _driver.CreateInputTopic(TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures));
        _requests = _driver.CreateInputTopic(TopicNames.RecommendationRequests, Serdes.String, RecommendationRequestSerde.Instance);
        _recommendations = _driver.CreateOutputTopic(TopicNames.Recommendations, Serdes.String, Serdes.FromCodec(Codecs.Recommendation));
    }

    public void Dispose() => _driver.Dispose();

    [Fact]
    public void Each_click_emits_a_list_keyed_by_user_with_version_strategy_segment_and_trigger()
    {
        _service.Registry.Activate(TestModels.Verified("v7"));
        _userFeatures.PipeInput("u1", TestData.User("u1", UserSegment.Core, ("c2", 1.0)), TestData.Now);
        var click = TestData.Click("u1", "c2-i3", "c2", TestData.Now + 1000);

        _clicks.PipeInput("u1", click, click.EventTime);

        var output = _recommendations.ReadRecord();
        Assert.Equal("u1", output.Key);
        Assert.Equal("u1", output.Value.UserId);
        Assert.Equal(click.EventId, output.Value.TriggerEventId);
        Assert.Null(output.Value.RequestId);
        Assert.Equal("v7", output.Value.ModelVersion);
        Assert.Equal(StrategyNames.Personalised, output.Value.Strategy);
        Assert.Equal("core", output.Value.Segment);
        Assert.Equal(5, output.Value.Items.Count);
        Assert.True(_recommendations.IsEmpty);
        Assert.Equal(1, _service.Metrics.EndToEndLatency.Count);
    }

    [Fact]
    public void User_feature_updates_change_the_tier_and_invalidate_the_cached_user()
    {
        _userFeatures.PipeInput("u1", TestData.User("u1", UserSegment.Normal, ("c1", 1.0)), TestData.Now);
        _clicks.PipeInput("u1", TestData.Click("u1", "c1-i2", "c1", TestData.Now + 1), TestData.Now + 1);
        _userFeatures.PipeInput("u1", TestData.User("u1", UserSegment.Churned, ("c3", 1.0)) with { AsOf = TestData.Now + 2 }, TestData.Now + 2);
        _clicks.PipeInput("u1", TestData.Click("u1", "c1-i4", "c1", TestData.Now + 3), TestData.Now + 3);

        var lists = _recommendations.ReadValuesToList();

        Assert.Equal(["normal", "churned"], lists.Select(r => r.Segment).ToArray());
        Assert.Equal([StrategyNames.Trending, StrategyNames.ReEngagement], lists.Select(r => r.Strategy).ToArray());
        Assert.Equal(1, _service.Metrics.CacheInvalidations.Value);
    }

    [Fact]
    public void A_request_is_answered_with_its_request_id()
    {
        _requests.PipeInput("u9", new RecommendationRequest("req-1", "u9", TestData.Now), TestData.Now);

        var output = _recommendations.ReadRecord();

        Assert.Equal("u9", output.Key);
        Assert.Equal("req-1", output.Value.RequestId);
        Assert.Null(output.Value.TriggerEventId);
        Assert.Equal(Recommender.UnknownSegment, output.Value.Segment);
        Assert.NotEmpty(output.Value.Items);
    }

    [Fact]
    public void A_malformed_request_is_dead_lettered_not_lost()
    {
        _requests.PipeRawInput(Encoding.UTF8.GetBytes("u1"), Encoding.UTF8.GetBytes("{not json"), TestData.Now);

        Assert.True(_recommendations.IsEmpty);
        Assert.Equal(1, _driver.DeadLetteredCount);
    }

    [Fact]
    public void Without_a_model_core_users_still_get_a_popularity_list()
    {
        _userFeatures.PipeInput("u1", TestData.User("u1", UserSegment.Core, ("c1", 1.0)), TestData.Now);

        _clicks.PipeInput("u1", TestData.Click("u1", "c1-i1", "c1", TestData.Now), TestData.Now);

        var list = _recommendations.ReadValue();
        Assert.Equal(StrategyNames.PopularityFallback, list.Strategy);
        Assert.Equal(FallbackReasons.NoModel, list.FallbackReason);
        Assert.Equal(StrategyNames.PopularityVersion, list.ModelVersion);
        Assert.Equal(5, list.Items.Count);
    }
}
