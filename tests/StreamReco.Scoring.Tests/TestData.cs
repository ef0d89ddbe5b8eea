using StreamReco.Schemas.Contracts;

namespace StreamReco.Scoring.Tests;

/// <summary>Builders for contract records with only the fields a test cares about.</summary>
public static class TestData
{
    public const long Now = 1_750_000_000_000;
    public const long Hour = 3_600_000;

    public static UserFeatures User(string userId, UserSegment segment, params (string Category, double Share)[] categories) =>
        new(
            userId,
            Now,
            new BehaviorCounts(3, 2, 1, 0, 0, 0),
            new BehaviorCounts(10, 5, 2, 1, 0, 1),
            new BehaviorCounts(40, 20, 5, 2, 1, 3),
            categories.Select(c => new CategoryShare(c.Category, c.Share)).ToArray(),
            Now - 60_000,
            60,
            4,
            4,
            3,
            2,
            segment);

    public static ItemFeatures Item(string itemId, string categoryId, long popularity24h = 10, double trending = 0.1, long firstSeen = Now - (1000 * Hour)) =>
        new(itemId, categoryId, Now, firstSeen, popularity24h / 4, popularity24h, popularity24h * 5, popularity24h * 3, 0.2, 0.05, 0.01, trending);

    public static ClickEvent Click(string userId, string itemId, string categoryId, long time, Behavior behavior = Behavior.Click, string? session = null) =>
        new(Guid.NewGuid().ToString("N"), userId, itemId, categoryId, behavior, time, session);
}
