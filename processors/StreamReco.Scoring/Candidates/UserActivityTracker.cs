using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Caching;

namespace StreamReco.Scoring.Candidates;

/// <summary>
/// Per-user recent items, recent categories and bought items, maintained from the click stream.
/// Bounded: at most <c>maxUsers</c> users (LRU) with <c>maxRecent</c> recent entries and <c>maxBought</c> bought items each.
/// A user's bought set is replaced, never changed, on each buy, so readers (one per list) share it without a copy; buys
/// are a small share of clicks.
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
            if (click.Behavior == Behavior.Buy && !activity.Bought.Contains(click.ItemId))
            {
                var bought = new HashSet<string>(activity.Bought, StringComparer.Ordinal) { click.ItemId };
                activity.BoughtOrder.Enqueue(click.ItemId);
                if (activity.BoughtOrder.Count > _maxBought)
                {
                    bought.Remove(activity.BoughtOrder.Dequeue());
                }

                activity.Bought = bought;
            }
        }
    }

    public IReadOnlyList<string> RecentItems(string userId, int max)
    {
        lock (_lock)
        {
            return _users.TryPeek(userId, out var activity) ? Newest(activity.RecentItems, max) : [];
        }
    }

    public IReadOnlyList<string> RecentCategories(string userId, int max)
    {
        lock (_lock)
        {
            return _users.TryPeek(userId, out var activity) ? Newest(activity.RecentCategories, max) : [];
        }
    }

    public IReadOnlySet<string> BoughtItems(string userId)
    {
        lock (_lock)
        {
            return _users.TryPeek(userId, out var activity) ? activity.Bought : EmptySet;
        }
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>(StringComparer.Ordinal);

    private static string[] Newest(List<string> list, int max)
    {
        var result = new string[Math.Clamp(max, 0, list.Count)];
        list.CopyTo(0, result, 0, result.Length);
        return result;
    }

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

        public IReadOnlySet<string> Bought { get; set; } = EmptySet;

        public Queue<string> BoughtOrder { get; } = new();
    }
}
