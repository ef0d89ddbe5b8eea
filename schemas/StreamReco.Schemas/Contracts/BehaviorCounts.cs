namespace StreamReco.Schemas.Contracts;

/// <summary>Number of events per behaviour in one window (Avro record streamreco.BehaviorCounts).</summary>
public sealed record BehaviorCounts(long View, long Click, long Cart, long Fav, long Share, long Buy)
{
    public static readonly BehaviorCounts Zero = new(0, 0, 0, 0, 0, 0);

    public long Total => View + Click + Cart + Fav + Share + Buy;
}
