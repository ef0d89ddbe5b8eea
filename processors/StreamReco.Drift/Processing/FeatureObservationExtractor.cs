using StreamReco.Features;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Processing;

/// <summary>
/// Turns feature aggregates into named model inputs using <see cref="FeatureVector.Build"/> itself, so drift is
/// measured on exactly the values the model sees. User updates give the user_* features, item updates the item_* ones;
/// user_category_affinity depends on the candidate item and is not observable from a user update alone.
/// </summary>
public static class FeatureObservationExtractor
{
    public const string UserEntityPrefix = "user:";
    public const string ItemEntityPrefix = "item:";

    private static readonly int[] UserIndices = IndicesWithPrefix("user_", exclude: "user_category_affinity");
    private static readonly int[] ItemIndices = IndicesWithPrefix("item_", exclude: null);

    /// <summary>The user_* values of <paramref name="user"/>, standing for <paramref name="updates"/> updates of that user.</summary>
    public static FeatureObservations FromUser(UserFeatures user, long eventTime, int updates = 1)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentOutOfRangeException.ThrowIfLessThan(updates, 1);
        var vector = FeatureVector.Build(user, null, string.Empty, eventTime);
        return new FeatureObservations(eventTime, Select(vector, UserIndices), UserEntityPrefix + user.UserId, updates);
    }

    /// <summary>The item_* values of <paramref name="item"/>, standing for <paramref name="updates"/> updates of that item.</summary>
    public static FeatureObservations FromItem(ItemFeatures item, long eventTime, int updates = 1)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentOutOfRangeException.ThrowIfLessThan(updates, 1);
        var vector = FeatureVector.Build(null, item, item.CategoryId, eventTime);
        return new FeatureObservations(eventTime, Select(vector, ItemIndices), ItemEntityPrefix + item.ItemId, updates);
    }

    private static KeyValuePair<string, double>[] Select(double[] vector, int[] indices)
    {
        var values = new KeyValuePair<string, double>[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            values[i] = new(FeatureVector.Names[indices[i]], vector[indices[i]]);
        }

        return values;
    }

    private static int[] IndicesWithPrefix(string prefix, string? exclude) =>
        [.. Enumerable.Range(0, FeatureVector.Length)
            .Where(i => FeatureVector.Names[i].StartsWith(prefix, StringComparison.Ordinal) && FeatureVector.Names[i] != exclude)];
}
