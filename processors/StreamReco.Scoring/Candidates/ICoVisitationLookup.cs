namespace StreamReco.Scoring.Candidates;

/// <summary>Items that are often interacted with in the same session as a given item.</summary>
public interface ICoVisitationLookup
{
    /// <summary>Top neighbours of <paramref name="itemId"/> by co-occurrence count, best first; the score is the count.</summary>
    IReadOnlyList<RankedItem> Neighbours(string itemId, int max);
}
