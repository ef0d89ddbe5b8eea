using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Tests;

/// <summary>Representative values of every message type, including nulls, empty collections and non-ASCII text.</summary>
internal static class SampleMessages
{
    public const long Now = 1_750_000_000_000;

    public static ClickEvent Click(string? session = "s-1") =>
        new("e-1", "u-42", "i-7", "c-3", Behavior.Cart, Now, session);

    public static ClickEvent UnicodeClick() =>
        new("é-ü-1", "用户-42", "товар-7", "カテゴリ", Behavior.Buy, Now, "séssion-😀");

    public static UserFeatures User(bool emptyCategories = false) =>
        new(
            "u-42",
            Now,
            new BehaviorCounts(1, 2, 3, 4, 5, 6),
            BehaviorCounts.Zero,
            new BehaviorCounts(long.MaxValue, 0, -1, 0, 0, 9),
            emptyCategories ? [] : [new CategoryShare("c-1", 0.75), new CategoryShare("ç-2", 0.25)],
            Now - 5_000,
            -1,
            3,
            5,
            4,
            1,
            UserSegment.Churned);

    public static ItemFeatures Item() =>
        new("i-7", "c-3", Now, Now - 86_400_000, 10, 100, 1000, 80, 0.1, 0.05, 0.01, 1.7);

    public static DriftMetric Drift() =>
        new("dwell_seconds", "v-2026-01", "tumbling", Now - 3_600_000, Now, 5000, 2000, 0.12, 1e-9, 3e-8, 0.31, true);

    public static TrainingSnapshot Snapshot(bool positive) =>
        new(
            "e-9",
            "u-42",
            "i-7",
            "c-3",
            Behavior.Click,
            Now,
            positive ? new Dictionary<string, double> { ["user_views_1h"] = 3, ["item_ctr_24h"] = 0.25, ["ünïcode"] = -1.5 } : new Dictionary<string, double>(),
            -123456789,
            positive ? 1 : 0,
            positive ? Behavior.Buy : null,
            positive ? Now + 60_000 : null,
            1_800_000);

    public static ModelVersion Model(bool empty = false) =>
        new(
            "ranker",
            "v-0007",
            Now,
            "FastTree",
            Now - 86_400_000,
            Now,
            empty ? new Dictionary<string, string>() : new Dictionary<string, string> { ["trees"] = "100", ["leaves"] = "31" },
            empty ? new Dictionary<string, double>() : new Dictionary<string, double> { ["auc"] = 0.81, ["log_loss"] = 0.4 },
            empty ? [] : ["f1", "f2", "f3"],
            42,
            empty ? [] : [new ReferenceSample("f1", [0.0, 0.5, 1.0], 1000), new ReferenceSample("__score__", [], 0)],
            "ab12",
            3,
            0,
            1,
            empty ? [] : [1, 2, 3, 0, 255]);

    public static Recommendation Reco(bool withNulls) =>
        new(
            "u-42",
            withNulls ? null : "req-1",
            withNulls ? null : "e-1",
            Now,
            "popularity",
            "popularity-fallback",
            "NORMAL",
            withNulls ? null : "no-model",
            [new RecommendedItem("i-1", "c-1", 0.9, "popularity"), new RecommendedItem("i-2", "c-2", 0.1, "trending")]);
}
