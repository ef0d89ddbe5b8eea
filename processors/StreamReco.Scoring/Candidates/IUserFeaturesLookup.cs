using StreamReco.Schemas.Contracts;

namespace StreamReco.Scoring.Candidates;

/// <summary>Latest known features of a user (e.g. the features.user table / interactive query).</summary>
public interface IUserFeaturesLookup
{
    UserFeatures? GetUserFeatures(string userId);
}
