namespace StreamReco.Producers.Synthetic;

/// <summary>
/// Conditional probabilities of the purchase funnel for one viewed item:
/// view -> click, then after a click independently cart / fav / share, and after a cart a buy.
/// </summary>
public sealed record FunnelRates(double ClickGivenView, double CartGivenClick, double FavGivenClick, double ShareGivenClick, double BuyGivenCart)
{
    public static readonly FunnelRates Default = new(ClickGivenView: 0.30, CartGivenClick: 0.25, FavGivenClick: 0.10, ShareGivenClick: 0.05, BuyGivenCart: 0.40);

    internal void Validate()
    {
        foreach (var (name, p) in new[]
        {
            (nameof(ClickGivenView), ClickGivenView), (nameof(CartGivenClick), CartGivenClick), (nameof(FavGivenClick), FavGivenClick),
            (nameof(ShareGivenClick), ShareGivenClick), (nameof(BuyGivenCart), BuyGivenCart),
        })
        {
            if (p is < 0 or > 1 || double.IsNaN(p))
            {
                throw new ArgumentOutOfRangeException(name, p, "Funnel probabilities must be in [0, 1].");
            }
        }
    }
}
