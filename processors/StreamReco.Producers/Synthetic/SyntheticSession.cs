using StreamReco.Schemas.Contracts;

namespace StreamReco.Producers.Synthetic;

/// <summary>One user's session: views a fixed number of items, each followed by its funnel events in order.</summary>
internal sealed class SyntheticSession(int user, string sessionId, int itemsToView)
{
    private readonly Queue<Behavior> _pending = new(6);
    private int _itemsLeft = itemsToView;
    private int _currentItem = -1;

    public int User { get; } = user;

    public string SessionId { get; } = sessionId;

    public bool IsFinished => _pending.Count == 0 && _itemsLeft == 0;

    public (int Item, Behavior Behavior) Next(
        BehaviourRegime regime, int[] preferredCategory, int categories, double preferredProbability, Random random)
    {
        if (_pending.Count == 0)
        {
            StartItem(regime, preferredCategory, categories, preferredProbability, random);
        }

        return (_currentItem, _pending.Dequeue());
    }

    private void StartItem(BehaviourRegime regime, int[] preferredCategory, int categories, double preferredProbability, Random random)
    {
        if (_itemsLeft == 0)
        {
            throw new InvalidOperationException("Session is finished.");
        }

        _itemsLeft--;
        if (random.NextDouble() < preferredProbability)
        {
            var category = (preferredCategory[User] + regime.CategoryShift) % categories;
            _currentItem = regime.NextItemInCategory(category, random);
        }
        else
        {
            _currentItem = regime.NextItem(random);
        }

        var funnel = regime.Funnel;
        _pending.Enqueue(Behavior.View);
        if (random.NextDouble() >= funnel.ClickGivenView)
        {
            return;
        }

        _pending.Enqueue(Behavior.Click);
        var fav = random.NextDouble() < funnel.FavGivenClick;
        var share = random.NextDouble() < funnel.ShareGivenClick;
        var cart = random.NextDouble() < funnel.CartGivenClick;
        var buy = cart && random.NextDouble() < funnel.BuyGivenCart;
        if (fav)
        {
            _pending.Enqueue(Behavior.Fav);
        }

        if (share)
        {
            _pending.Enqueue(Behavior.Share);
        }

        if (cart)
        {
            _pending.Enqueue(Behavior.Cart);
        }

        if (buy)
        {
            _pending.Enqueue(Behavior.Buy);
        }
    }
}
