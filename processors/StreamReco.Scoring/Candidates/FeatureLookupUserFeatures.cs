using StreamReco.Features.Processing;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Scoring.Candidates;

/// <summary>
/// User features from the feature processors' interactive queries (<see cref="IFeatureLookup"/>), for a scorer running in
/// the same instance as the features topology (both keyed by user, so the same tasks own the same users). Pass it to
/// <see cref="Serving.ScoringService"/>; the hot-user cache then saves the store read and aggregate materialisation.
/// </summary>
public sealed class FeatureLookupUserFeatures : IUserFeaturesLookup
{
    private readonly IFeatureLookup _lookup;

    public FeatureLookupUserFeatures(IFeatureLookup lookup)
    {
        _lookup = lookup;
    }

    public UserFeatures? GetUserFeatures(string userId) => _lookup.GetUser(userId);
}
