using Microsoft.Extensions.Time.Testing;
using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Caching;
using StreamReco.Scoring.Candidates;
using StreamReco.Scoring.Models;

namespace StreamReco.Scoring.Tests;

/// <summary>
/// A small catalogue (4 categories x 15 items; in each category item 0 is most popular, item 14 the newest and
/// items 1-2 trend) with the real in-memory sources, a model registry with a hooked loader, private metrics and fake time.
/// </summary>
public sealed class ScoringWorld
{
    public static readonly string[] Categories = ["c1", "c2", "c3", "c4"];

    public ScoringWorld(ScoringOptions? options = null, bool compileTrees = true)
    {
        Time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TestData.Now));
        Metrics = new ScoringMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        Options = options ?? new ScoringOptions { TopN = 10 };
        Catalog = new ItemCatalog(new ItemCatalogOptions { RefreshInterval = TimeSpan.Zero }, Time);
        foreach (var category in Categories)
        {
            for (var i = 0; i < 15; i++)
            {
                Catalog.Update(TestData.Item(
                    ItemId(category, i),
                    category,
                    popularity24h: 1000 - (i * 10) - Array.IndexOf(Categories, category),
                    trending: i is 1 or 2 ? 5.0 - i - (0.1 * Array.IndexOf(Categories, category)) : 0.01 * i,
                    firstSeen: i == 14 ? TestData.Now - TestData.Hour : TestData.Now - (1000 * TestData.Hour)));
            }
        }

        Users = new InMemoryUserFeatures();
        Cache = new UserFeaturesCache(Users, Metrics, capacity: 100);
        Activity = new UserActivityTracker();
        CoVisitation = new CoVisitationIndex();
        Loader = new HookedLoader(compileTrees);
        Registry = new ModelRegistry(Loader, Metrics, Time);
        Recommender = new Recommender(Registry, Cache, Catalog, Catalog, Activity, CoVisitation, Options, Metrics, Time);
    }

    public FakeTimeProvider Time { get; }

    public ScoringMetrics Metrics { get; }

    public ScoringOptions Options { get; }

    public ItemCatalog Catalog { get; }

    public InMemoryUserFeatures Users { get; }

    public UserFeaturesCache Cache { get; }

    public UserActivityTracker Activity { get; }

    public CoVisitationIndex CoVisitation { get; }

    public HookedLoader Loader { get; }

    public ModelRegistry Registry { get; }

    public Recommender Recommender { get; }

    public static string ItemId(string category, int index) => category + "-i" + index;

    public void Observe(ClickEvent click)
    {
        Activity.Observe(click);
        CoVisitation.Observe(click);
    }

    public ModelActivation ActivateModel(string version = "v1") => Registry.Activate(TestModels.Verified(version));

    public Recommendation Recommend(string userId, string? requestId = "r1") =>
        Recommender.Recommend(new RecommendationContext(userId, TestData.Now, requestId))
        ?? throw new InvalidOperationException("No recommendation for " + userId);
}
