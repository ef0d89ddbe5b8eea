using StreamReco.Features.Aggregates;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;
using StreamReco.Streams.State;

namespace StreamReco.Features.Processing;

/// <summary><see cref="IFeatureLookup"/> over the local aggregate stores (resolved lazily, so it can be created before the app runs).</summary>
public sealed class StoreFeatureLookup : IFeatureLookup
{
    private readonly Lazy<IReadOnlyKeyValueStore<string, UserAggregate>> _users;
    private readonly Lazy<IReadOnlyKeyValueStore<string, ItemAggregate>> _items;

    public StoreFeatureLookup(
        Func<IReadOnlyKeyValueStore<string, UserAggregate>> users,
        Func<IReadOnlyKeyValueStore<string, ItemAggregate>> items)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        // PublicationOnly does not cache a failure, so asking before the app is running can be retried later.
        _users = new Lazy<IReadOnlyKeyValueStore<string, UserAggregate>>(users, LazyThreadSafetyMode.PublicationOnly);
        _items = new Lazy<IReadOnlyKeyValueStore<string, ItemAggregate>>(items, LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>Lookup over the stores of a running <see cref="StreamsApp"/> built with <see cref="FeatureTopology.Build"/>.</summary>
    public static StoreFeatureLookup ForApp(StreamsApp app, FeatureTopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        return new StoreFeatureLookup(
            () => app.Store<string, UserAggregate>(options.UserStoreName),
            () => app.Store<string, ItemAggregate>(options.ItemStoreName));
    }

    public UserFeatures? GetUser(string userId) => _users.Value.TryGet(userId, out var aggregate) ? aggregate.Current() : null;

    public UserFeatures? GetUser(string userId, long asOf) =>
        _users.Value.TryGet(userId, out var aggregate) ? aggregate.FeaturesAsOf(asOf) : null;

    public ItemFeatures? GetItem(string itemId) => _items.Value.TryGet(itemId, out var aggregate) ? aggregate.Current() : null;

    public ItemFeatures? GetItem(string itemId, long asOf) =>
        _items.Value.TryGet(itemId, out var aggregate) ? aggregate.FeaturesAsOf(asOf) : null;
}
