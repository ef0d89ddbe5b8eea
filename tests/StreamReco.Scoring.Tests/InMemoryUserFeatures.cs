using System.Collections.Concurrent;
using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Candidates;

namespace StreamReco.Scoring.Tests;

/// <summary>User-features source for tests that counts how often it is asked.</summary>
public sealed class InMemoryUserFeatures : IUserFeaturesLookup
{
    private readonly ConcurrentDictionary<string, UserFeatures> _users = new(StringComparer.Ordinal);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Set(UserFeatures features) => _users[features.UserId] = features;

    public UserFeatures? GetUserFeatures(string userId)
    {
        Interlocked.Increment(ref _calls);
        return _users.TryGetValue(userId, out var features) ? features : null;
    }
}
