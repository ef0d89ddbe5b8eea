using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Features;

/// <summary>
/// The one definition of the model's input vector. Training snapshots and serving both call
/// <see cref="Build"/>, so there is no training/serving skew by construction.
/// </summary>
public static class FeatureVector
{
    public static readonly IReadOnlyList<string> Names =
    [
        "user_views_1h", "user_clicks_1h", "user_carts_1h", "user_buys_1h",
        "user_views_24h", "user_clicks_24h", "user_carts_24h", "user_favs_24h", "user_buys_24h",
        "user_events_7d", "user_buys_7d",
        "user_seconds_since_previous_event", "user_sessions_7d",
        "user_recency_score", "user_frequency_score", "user_monetary_score", "user_segment",
        "user_category_affinity",
        "item_popularity_1h", "item_popularity_24h", "item_popularity_7d",
        "item_click_rate_24h", "item_cart_rate_24h", "item_buy_rate_24h", "item_trending_score",
        "item_age_hours",
    ];

    /// <summary>Fingerprint of the ordered names; models carry it and scorers check it.</summary>
    public static readonly long SchemaFingerprint = ComputeFingerprint(Names);

    public static int Length => Names.Count;

    /// <summary>Builds the vector for a (user, item) pair from features valid at <paramref name="asOf"/>.</summary>
    public static double[] Build(UserFeatures? user, ItemFeatures? item, string categoryId, long asOf)
    {
        var vector = new double[Names.Count];
        Write(user, item, categoryId, asOf, vector);
        return vector;
    }

    /// <summary>
    /// <see cref="Build"/> into <paramref name="v"/> (length <see cref="Length"/>) instead of a new array: the scorer writes
    /// one vector per candidate, and through the one code path training snapshots use.
    /// </summary>
    public static void Write(UserFeatures? user, ItemFeatures? item, string categoryId, long asOf, Span<double> v)
    {
        if (v.Length != Names.Count)
        {
            throw new ArgumentException("Destination holds " + v.Length + " features, the vector has " + Names.Count + ".", nameof(v));
        }

        // Absent user or item features read as zeros.
        v.Clear();
        var i = 0;
        if (user is not null)
        {
            v[i++] = user.Counts1h.View;
            v[i++] = user.Counts1h.Click;
            v[i++] = user.Counts1h.Cart;
            v[i++] = user.Counts1h.Buy;
            v[i++] = user.Counts24h.View;
            v[i++] = user.Counts24h.Click;
            v[i++] = user.Counts24h.Cart;
            v[i++] = user.Counts24h.Fav;
            v[i++] = user.Counts24h.Buy;
            v[i++] = user.Counts7d.Total;
            v[i++] = user.Counts7d.Buy;
            v[i++] = user.SecondsSincePreviousEvent;
            v[i++] = user.SessionCount7d;
            v[i++] = user.RecencyScore;
            v[i++] = user.FrequencyScore;
            v[i++] = user.MonetaryScore;
            v[i++] = (double)user.Segment;
            v[i++] = CategoryAffinity(user, categoryId);
        }
        else
        {
            // Unknown user: zeros, "first event" recency and the churned segment, as a new user's features would read.
            i = 11;
            v[i++] = -1;
            i = 16;
            v[i++] = (double)UserSegment.Churned;
            i = 18;
        }

        if (item is not null)
        {
            v[i++] = item.Popularity1h;
            v[i++] = item.Popularity24h;
            v[i++] = item.Popularity7d;
            v[i++] = item.ClickRate24h;
            v[i++] = item.CartRate24h;
            v[i++] = item.BuyRate24h;
            v[i++] = item.TrendingScore;
            v[i] = Math.Max(0, asOf - item.FirstSeen) / 3_600_000.0;
        }
    }

    /// <summary>The same vector keyed by name, as carried in <see cref="TrainingSnapshot.Features"/>.</summary>
    public static Dictionary<string, double> BuildMap(UserFeatures? user, ItemFeatures? item, string categoryId, long asOf)
    {
        var vector = Build(user, item, categoryId, asOf);
        var map = new Dictionary<string, double>(Names.Count, StringComparer.Ordinal);
        for (var i = 0; i < vector.Length; i++)
        {
            map[Names[i]] = vector[i];
        }

        return map;
    }

    /// <summary>Reads a vector back from a snapshot map in model order; a missing feature is an error, not a silent zero.</summary>
    public static float[] FromMap(IReadOnlyDictionary<string, double> features, IReadOnlyList<string> names)
    {
        var v = new float[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (!features.TryGetValue(names[i], out var value))
            {
                throw new KeyNotFoundException("Feature '" + names[i] + "' is missing from the snapshot.");
            }

            v[i] = (float)value;
        }

        return v;
    }

    public static long ComputeFingerprint(IReadOnlyList<string> names)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', names)));
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }

    private static double CategoryAffinity(UserFeatures user, string categoryId)
    {
        // Indexed rather than foreach: enumerating the interface would allocate an enumerator per scored candidate.
        var shares = user.TopCategories;
        for (var i = 0; i < shares.Count; i++)
        {
            if (string.Equals(shares[i].CategoryId, categoryId, StringComparison.Ordinal))
            {
                return shares[i].Share;
            }
        }

        return 0;
    }
}
