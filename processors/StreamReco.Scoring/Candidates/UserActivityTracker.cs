using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Caching;

namespace StreamReco.Scoring.Candidates;

/// <summary>
/// Per-user recent items, recent categories and bought items, maintained from the click stream.
/// Bounded: at most <c>maxUsers</c> users (LRU) with <c>maxRecent</c> recent entries and <c>maxBought</c> bought items each.
/// </summary>
public sealed class UserActivityTracker : IUserActivityLookup
{
    private readonly int _maxRecent;
    private readonly int _maxBought;
    private readonly Lock _lock = new();
    private readonly BoundedLru<string, UserActivity> _users;

    public UserActivityTracker(int maxUsers = 100_000, int maxRecent = 20, int maxBought = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBought, 1);
        _maxRecent = maxRecent;
        _maxBought = maxBought;
        _users = new BoundedLru<string, UserActivity>(maxUsers, StringComparer.Ordinal);
    }

    public void Observe(ClickEvent click)
    {
        ArgumentNullException.ThrowIfNull(click);
        lock (_lock)
        {
            var activity = _users.GetOrAdd(click.UserId, static _ => new UserActivity());
            MoveToFront(activity.RecentItems, click.ItemId, _maxRecent);
            MoveToFront(activity.RecentCategories, click.CategoryId, _maxRecent);
            if (click.Behavior == Behavior.Buy && activity.Bought.Add(click.ItemId))
            {
                activity.BoughtOrder.Enqueue(click.ItemId);
                if (activity.BoughtOrder.Count > _maxBought)
                {
                    activity.Bought.Remove(activity.BoughtOrder.Dequeue());
                }
            }
        }
    }

    public IReadOnlyList<string> RecentItems(string userId, int max)
    {
        lock (_lock)
        {
            return _users.TryPeek(userId, out var activity) ? activity.RecentItems.Take(max).ToArray() : [];
        }
    }

    public IReadOnlyList<string> RecentCategories(string userId, int max)
    {
        lock (_lock)
        {
            return _users.TryPeek(userId, out var activity) ? activity.RecentCategories.Take(max).ToArray() : [];
        }
    }

    public IReadOnlySet<string> BoughtItems(string userId)
    {
        lock (_lock)
        {
            return _users.TryPeek(userId, out var activity) && activity.Bought.Count > 0
                ? new HashSet<string>(activity.Bought, StringComparer.Ordinal)
                : EmptySet;
        }
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>(StringComparer.Ordinal);

    private static void MoveToFront(List<string> list, string value, int max)
    {
        list.Remove(value);
        list.Insert(0, value);
        if (list.Count > max)
        {
            list.RemoveAt(list.Count - 1);
        }
    }

    private sealed class UserActivity
    {
        public List<string> RecentItems { get; } = [];

        public List<string> RecentCategories { get; } = [];

        public HashSet<string> Bought { get; } = new(StringComparer.Ordinal);

        public Queue<string> BoughtOrder { get; } = new();
    }
}
