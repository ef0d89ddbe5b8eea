using System.Collections.Concurrent;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Scoring.Tests;

public sealed class HotSwapTests
{
    [Fact]
    public async Task Request_in_flight_during_a_swap_completes_on_the_model_it_started_with()
    {
        var world = new ScoringWorld();
        world.Users.Set(TestData.User("u1", UserSegment.Core, ("c1", 1.0)));
        world.ActivateModel("v1");
        using var scoringStarted = new ManualResetEventSlim();
        using var swapDone = new ManualResetEventSlim();
        world.Loader.BeforeScore = () =>
        {
            scoringStarted.Set();
            Assert.True(swapDone.Wait(TimeSpan.FromSeconds(10)), "swap did not finish");
        };

        var inFlight = Task.Run(() => world.Recommend("u1"));
        Assert.True(scoringStarted.Wait(TimeSpan.FromSeconds(10)), "scoring did not start");
        world.Loader.BeforeScore = () => { };
        Assert.True(world.ActivateModel("v2").Accepted);
        swapDone.Set();
        var old = await inFlight;

        Assert.Equal("v1", old.ModelVersion);
        Assert.Equal(StrategyNames.Personalised, old.Strategy);
        Assert.Null(old.FallbackReason);
        Assert.Equal("v2", world.Recommend("u1").ModelVersion);
    }

    [Fact]
    public async Task Swaps_during_concurrent_scoring_never_throw_and_every_list_carries_a_served_version()
    {
        var world = new ScoringWorld();
        for (var u = 0; u < 8; u++)
        {
            world.Users.Set(TestData.User("u" + u, UserSegment.Core, (ScoringWorld.Categories[u % 4], 1.0)));
        }

        world.ActivateModel("v1");
        var served = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal) { ["v1"] = true };
        var results = new ConcurrentQueue<Recommendation>();
        var errors = new ConcurrentQueue<Exception>();
        var swapsDone = 0;
        var deadline = DateTime.UtcNow.AddSeconds(20);

        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var afterSwaps = 0;
            for (var n = 0; afterSwaps < 3 && DateTime.UtcNow < deadline; n++)
            {
                if (Volatile.Read(ref swapsDone) == 1)
                {
                    afterSwaps++;
                }

                try
                {
                    results.Enqueue(world.Recommend("u" + ((w + n) % 8)));
                }
                catch (Exception ex)
                {
                    errors.Enqueue(ex);
                }
            }
        })).ToArray();

        for (var v = 2; v <= 6; v++)
        {
            var version = "v" + v;
            served[version] = true;
            Assert.True(world.ActivateModel(version).Accepted);
        }

        Volatile.Write(ref swapsDone, 1);
        await Task.WhenAll(workers);

        Assert.Empty(errors);
        Assert.NotEmpty(results);
        Assert.All(results, r =>
        {
            Assert.True(served.ContainsKey(r.ModelVersion), "unexpected version " + r.ModelVersion);
            Assert.Equal(StrategyNames.Personalised, r.Strategy);
            Assert.NotEmpty(r.Items);
        });
        Assert.Equal("v6", results.Last().ModelVersion);
        Assert.Equal("v6", world.Metrics.ServedVersion);
    }
}
