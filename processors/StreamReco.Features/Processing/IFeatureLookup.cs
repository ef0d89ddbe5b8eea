using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Processing;

/// <summary>Interactive queries over the feature stores of this instance (keys owned by its tasks only).</summary>
public interface IFeatureLookup
{
    /// <summary>The user's features as of their newest event (what was last emitted to features.user); null when unknown here.</summary>
    UserFeatures? GetUser(string userId);

    /// <summary>The user's features as of event time <paramref name="asOf"/> (e.g. a request's time, so recency and windows move on).</summary>
    UserFeatures? GetUser(string userId, long asOf);

    /// <summary>The item's features as of its newest event; null when unknown here.</summary>
    ItemFeatures? GetItem(string itemId);

    /// <summary>The item's features as of event time <paramref name="asOf"/>.</summary>
    ItemFeatures? GetItem(string itemId, long asOf);
}
