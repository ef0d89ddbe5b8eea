using StreamReco.Features;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Trainer.Tests;

/// <summary>
/// A learnable synthetic click log: the label depends mostly on the user's affinity to the item's category (personal,
/// invisible to popularity) and a little on the item's appeal (which popularity can see). Other features are noise.
/// </summary>
internal static class SyntheticSnapshots
{
    public const long Start = 1_700_000_000_000;

    public static List<TrainingSnapshot> Generate(int rows, int users = 100, int items = 60, int seed = 7)
    {
        var random = new Random(seed);
        const int Categories = 6;
        var favourite = Enumerable.Range(0, users).Select(_ => random.Next(Categories)).ToArray();
        var itemCategory = Enumerable.Range(0, items).Select(_ => random.Next(Categories)).ToArray();
        var appeal = Enumerable.Range(0, items).Select(_ => Gaussian(random)).ToArray();
        var snapshots = new List<TrainingSnapshot>(rows);
        for (var r = 0; r < rows; r++)
        {
            var user = random.Next(users);
            var item = random.Next(items);
            var affinity = itemCategory[item] == favourite[user] ? 0.6 + 0.3 * random.NextDouble() : 0.3 * random.NextDouble();
            var p = 1 / (1 + Math.Exp(-(-2.2 + 4.0 * affinity + 0.5 * appeal[item])));
            var label = random.NextDouble() < p ? 1 : 0;
            var features = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var name in FeatureVector.Names)
            {
                features[name] = random.NextDouble();
            }

            features["user_category_affinity"] = affinity;
            features["item_buy_rate_24h"] = 0.05 / (1 + Math.Exp(-appeal[item])) + 0.01 * random.NextDouble();
            features["item_popularity_24h"] = Math.Round(10 * Math.Exp(appeal[item]) + 3 * random.NextDouble());
            var time = Start + r * 60_000L;
            snapshots.Add(new TrainingSnapshot(
                "e" + r, "u" + user, "i" + item, "c" + itemCategory[item], Behavior.View, time, features,
                FeatureVector.SchemaFingerprint, label, label == 1 ? Behavior.Cart : null, label == 1 ? time + 1000 : null, 3_600_000));
        }

        return snapshots;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
