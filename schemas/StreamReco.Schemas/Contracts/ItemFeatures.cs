namespace StreamReco.Schemas.Contracts;

/// <summary>Windowed features of one item as of an event time (schemas/ItemFeatures.avsc).</summary>
public sealed record ItemFeatures(
    string ItemId,
    string CategoryId,
    long AsOf,
    long FirstSeen,
    long Popularity1h,
    long Popularity24h,
    long Popularity7d,
    long Views24h,
    double ClickRate24h,
    double CartRate24h,
    double BuyRate24h,
    double TrendingScore);
