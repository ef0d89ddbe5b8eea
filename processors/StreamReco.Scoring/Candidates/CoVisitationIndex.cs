using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Caching;

namespace StreamReco.Scoring.Candidates;

/// <summary>
/// Bounded co-visitation counts maintained from the click stream: every interaction is paired with the user's
/// other items of the same session/time window, and both directions are counted. Each item keeps at most
/// <see cref="CoVisitationOptions.MaxNeighboursPerItem"/> counters (a new neighbour replaces the weakest), and
/// both the item and the user tables are LRU-bounded. Thread-safe; one lock, the critical sections are tiny.
/// </summary>
public sealed class CoVisitationIndex : ICoVisitationLookup
{
    private readonly CoVisitationOptions _options;
    private readonly long _windowMs;
    private readonly Lock _lock = new();
    private readonly BoundedLru<string, List<SessionItem>> _sessions;
    private readonly BoundedLru<string, Dictionary<string, NeighbourCount>> _neighbours;
    private readonly List<KeyValuePair<string, NeighbourCount>> _scratch = [];

    public CoVisitationIndex(CoVisitationOptions? options = null)
    {
        _options = options ?? new CoVisitationOptions();
        _windowMs = (long)_options.SessionWindow.TotalMilliseconds;
        _sessions = new BoundedLru<string, List<SessionItem>>(_options.MaxUsers, StringComparer.Ordinal);
        _neighbours = new BoundedLru<string, Dictionary<string, NeighbourCount>>(_options.MaxItems, StringComparer.Ordinal);
    }

    public int TrackedItems
    {
        get
        {
            lock (_lock)
            {
                return _neighbours.Count;
            }
        }
    }

    public void Observe(ClickEvent click)
    {
        ArgumentNullException.ThrowIfNull(click);
        lock (_lock)
        {
            var session = _sessions.GetOrAdd(click.UserId, static _ => []);

            // Drop items that are no longer in the same session/window as this event.
            session.RemoveAll(s => click.EventTime - s.EventTime > _windowMs
                || (click.SessionId is not null && s.SessionId is not null && !string.Equals(click.SessionId, s.SessionId, StringComparison.Ordinal)));

            var existing = session.FindIndex(s => string.Equals(s.ItemId, click.ItemId, StringComparison.Ordinal));
            if (existing >= 0)
            {
                // Already paired with everything in this session; only refresh its time.
                session.RemoveAt(existing);
            }
            else
            {
                foreach (var other in session)
                {
                    Increment(other.ItemId, click.ItemId, click.CategoryId);
                    Increment(click.ItemId, other.ItemId, other.CategoryId);
                }
            }

            session.Add(new SessionItem(click.ItemId, click.CategoryId, click.EventTime, click.SessionId));
            if (session.Count > _options.MaxSessionItems)
            {
                session.RemoveAt(0);
            }
        }
    }

    public IReadOnlyList<RankedItem> Neighbours(string itemId, int max)
    {
        lock (_lock)
        {
            if (max <= 0 || !_neighbours.TryPeek(itemId, out var counts))
            {
                return [];
            }

            // Partial selection instead of sorting every neighbour: max is small (NeighboursPerItem) and this runs per seed item per list.
            // The scratch list is reused under the lock (one per index, not one per call).
            var top = _scratch;
            top.Clear();
            foreach (var entry in counts)
            {
                if (top.Count == max && !Ranks(entry, top[^1]))
                {
                    continue;
                }

                var at = top.Count;
                while (at > 0 && Ranks(entry, top[at - 1]))
                {
                    at--;
                }

                top.Insert(at, entry);
                if (top.Count > max)
                {
                    top.RemoveAt(max);
                }
            }

            var result = new RankedItem[top.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = new RankedItem(top[i].Key, top[i].Value.CategoryId, top[i].Value.Count);
            }

            top.Clear();
            return result;
        }
    }

    /// <summary>Neighbour order: higher count first, then item id (ordinal), so lists are deterministic.</summary>
    private static bool Ranks(KeyValuePair<string, NeighbourCount> candidate, KeyValuePair<string, NeighbourCount> than) =>
        candidate.Value.Count > than.Value.Count
        || (candidate.Value.Count == than.Value.Count && string.CompareOrdinal(candidate.Key, than.Key) < 0);

    private void Increment(string itemId, string neighbourId, string neighbourCategory)
    {
        var counts = _neighbours.GetOrAdd(itemId, static _ => new Dictionary<string, NeighbourCount>(StringComparer.Ordinal));
        if (counts.TryGetValue(neighbourId, out var current))
        {
            counts[neighbourId] = current with { Count = current.Count + 1 };
            return;
        }

        if (counts.Count >= _options.MaxNeighboursPerItem)
        {
            // Replace the weakest neighbour so a new strong pair can still rise; old one-off pairs are the ones lost.
            var weakest = counts.MinBy(kv => kv.Value.Count).Key;
            counts.Remove(weakest);
        }

        counts[neighbourId] = new NeighbourCount(neighbourCategory, 1);
    }

    private readonly record struct SessionItem(string ItemId, string CategoryId, long EventTime, string? SessionId);

    private readonly record struct NeighbourCount(string CategoryId, long Count);
}
