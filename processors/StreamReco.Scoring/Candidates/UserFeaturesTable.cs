using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Caching;

namespace StreamReco.Scoring.Candidates;

/// <summary>
/// Latest features per user, fed from features.user (co-partitioned with the clicks, so each scorer instance holds
/// its own users). Bounded LRU; an update older than the stored one is ignored.
/// </summary>
public sealed class UserFeaturesTable : IUserFeaturesLookup
{
    private readonly Lock _lock = new();
    private readonly BoundedLru<string, UserFeatures> _users;

    public UserFeaturesTable(int capacity = 200_000)
    {
        _users = new BoundedLru<string, UserFeatures>(capacity, StringComparer.Ordinal);
    }

    /// <summary>Stores <paramref name="features"/>; returns false when they are older than what is stored.</summary>
    public bool Update(UserFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        lock (_lock)
        {
            if (_users.TryPeek(features.UserId, out var current) && current.AsOf > features.AsOf)
            {
                return false;
            }

            _users.Set(features.UserId, features);
            return true;
        }
    }

    public UserFeatures? GetUserFeatures(string userId)
    {
        lock (_lock)
        {
            return _users.TryGet(userId, out var features) ? features : null;
        }
    }
}
