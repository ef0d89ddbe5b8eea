using StreamReco.Features.Processing;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Drift.Tests.Snapshots;

/// <summary>
/// As-of lookup over a scripted event history: user_views_1h = number of scripted user events at or before asOf,
/// item popularity likewise. Records every asOf it is asked for.
/// </summary>
public sealed class RecordingFeatureLookup(IReadOnlyList<long> userEventTimes, IReadOnlyList<long> itemEventTimes) : IFeatureLookup
{
    public List<long> AsOfCalls { get; } = [];

    public UserFeatures? GetUser(string userId) => throw new InvalidOperationException("Snapshots must use the as-of lookup.");

    public UserFeatures? GetUser(string userId, long asOf)
    {
        AsOfCalls.Add(asOf);
        var counts = new BehaviorCounts(userEventTimes.Count(t => t <= asOf), 0, 0, 0, 0, 0);
        return new UserFeatures(userId, asOf, counts, counts, counts, [], asOf, 1, 1, 1, 1, 1, UserSegment.Normal);
    }

    public ItemFeatures? GetItem(string itemId) => throw new InvalidOperationException("Snapshots must use the as-of lookup.");

    public ItemFeatures? GetItem(string itemId, long asOf)
    {
        AsOfCalls.Add(asOf);
        return new ItemFeatures(itemId, "c1", asOf, 0, itemEventTimes.Count(t => t <= asOf), 0, 0, 0, 0, 0, 0, 0);
    }
}
