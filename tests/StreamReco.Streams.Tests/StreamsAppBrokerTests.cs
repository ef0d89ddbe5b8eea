using StreamReco.Testing;

namespace StreamReco.Streams.Tests;

public sealed class StreamsAppBrokerTests
{
    [Theory]
    [InlineData(ProcessingGuarantee.ExactlyOnce)]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    public async Task Counts_every_click_once_and_publishes_them_to_the_sink(ProcessingGuarantee guarantee)
    {
        using var fixture = new BrokerFixture("count-" + guarantee);
        var topology = TestTopologies.CountPerUser(persistent: true);
        fixture.CreateTopics(topology, TestTopologies.Counts, TestTopologies.Clicks + ".dlq");
        fixture.ProduceClicks(0, 400, users: 20);

        var app = fixture.StartApp(topology, "a", guarantee, TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => BrokerFixture.TotalCount(app, TestTopologies.CountStore) == 400, "all 400 clicks counted");

        Assert.True(app.Close(TimeSpan.FromSeconds(20)));
        await app.Completion;
        Assert.Equal(StreamsState.NotRunning, app.State);
        var latest = fixture.ReadCounts(TestTopologies.Counts).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Max(r => r.Value));
        Assert.Equal(20, latest.Count);
        Assert.All(latest.Values, v => Assert.Equal(20, v));
    }
}
