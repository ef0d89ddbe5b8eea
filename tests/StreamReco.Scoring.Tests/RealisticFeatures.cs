using StreamReco.Features;

namespace StreamReco.Scoring.Tests;

/// <summary>Pseudo-random feature vectors in the ranges the feature processors produce (counts, scores, rates, ages).</summary>
public static class RealisticFeatures
{
    public static float[] Vector(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var v = new float[FeatureVector.Length];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = Value(FeatureVector.Names[i], random);
        }

        return v;
    }

    public static float Value(string name, Random random)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(random);
        return name switch
        {
            "user_seconds_since_previous_event" => random.Next(4) == 0 ? -1 : random.Next(0, 200_000),
            "user_segment" => random.Next(0, 4),
            "user_recency_score" or "user_frequency_score" or "user_monetary_score" or "user_category_affinity" => (float)random.NextDouble(),
            "item_click_rate_24h" or "item_cart_rate_24h" or "item_buy_rate_24h" => (float)(random.NextDouble() * 0.5),
            "item_trending_score" => (float)((random.NextDouble() * 6) - 2),
            "item_age_hours" => (float)(random.NextDouble() * 2_000),
            _ when name.StartsWith("item_popularity", StringComparison.Ordinal) => random.Next(0, 5_000),
            _ => random.Next(0, 60),
        };
    }
}
