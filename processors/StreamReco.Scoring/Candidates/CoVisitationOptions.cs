namespace StreamReco.Scoring.Candidates;

/// <summary>Bounds of the co-visitation index. Memory is at most MaxItems x MaxNeighboursPerItem counters plus MaxUsers short sessions.</summary>
public sealed record CoVisitationOptions
{
    /// <summary>Two interactions co-occur when they are this close in event time (and in the same session, when sessions are known).</summary>
    public TimeSpan SessionWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Recent items remembered per user to pair with the next interaction.</summary>
    public int MaxSessionItems { get; init; } = 10;

    /// <summary>Users whose current session is tracked (least recently active dropped first).</summary>
    public int MaxUsers { get; init; } = 100_000;

    /// <summary>Items with a neighbour list (least recently updated dropped first).</summary>
    public int MaxItems { get; init; } = 50_000;

    /// <summary>Neighbour counters kept per item; when full, the weakest is replaced.</summary>
    public int MaxNeighboursPerItem { get; init; } = 50;
}
