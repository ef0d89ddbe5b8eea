namespace StreamReco.Scoring.Candidates;

/// <summary>A user's recent behaviour, as far as candidate generation needs it.</summary>
public interface IUserActivityLookup
{
    /// <summary>Most recently interacted items, newest first.</summary>
    IReadOnlyList<string> RecentItems(string userId, int max);

    /// <summary>Categories of recent interactions, most recent first, distinct.</summary>
    IReadOnlyList<string> RecentCategories(string userId, int max);

    /// <summary>Items the user bought; they are never recommended.</summary>
    IReadOnlySet<string> BoughtItems(string userId);
}
