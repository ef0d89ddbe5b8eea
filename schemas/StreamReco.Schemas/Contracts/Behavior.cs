namespace StreamReco.Schemas.Contracts;

/// <summary>Interaction type, ordered along the purchase funnel (Avro enum streamreco.Behavior).</summary>
public enum Behavior
{
    View = 0,
    Click = 1,
    Cart = 2,
    Fav = 3,
    Share = 4,
    Buy = 5,
}
