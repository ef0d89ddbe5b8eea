using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Schemas.Contracts;
using StreamReco.Scoring.Caching;
using StreamReco.Scoring.Candidates;
using StreamReco.Scoring.Models;

namespace StreamReco.Scoring.Serving;

/// <summary>
/// The scorer's state and entry points, independent of transport: clicks update per-user activity and co-visitation and
/// trigger a list; feature updates refresh the catalogue and the user table (invalidating the hot-user cache); model
/// messages hot-swap the model. Shared by all stream tasks of an instance; every member is thread-safe except
/// <see cref="OnModelMessage"/>, which must be called from the single models.versions reader.
/// </summary>
public sealed class ScoringService
{
    private readonly ModelUpdateListener _models;
    private readonly UserFeaturesTable? _ownUserTable;

    public ScoringService(
        ScoringOptions options,
        ScoringMetrics metrics,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null,
        IUserFeaturesLookup? userFeatures = null,
        IModelLoader? modelLoader = null,
        int userCacheCapacity = 10_000)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        Time = time ?? TimeProvider.System;
        Options = options;
        Metrics = metrics;
        Catalog = new ItemCatalog(time: Time);
        Activity = new UserActivityTracker();
        CoVisitation = new CoVisitationIndex();

        // Without an external lookup (e.g. the features processors' interactive query) the scorer keeps its own table from features.user.
        if (userFeatures is null)
        {
            _ownUserTable = new UserFeaturesTable();
            userFeatures = _ownUserTable;
        }

        UserCache = new UserFeaturesCache(userFeatures, metrics, userCacheCapacity);
        Registry = new ModelRegistry(
            modelLoader ?? new MlNetModelLoader(log: loggerFactory.CreateLogger<MlNetModelLoader>()),
            metrics,
            Time,
            loggerFactory.CreateLogger<ModelRegistry>());
        _models = new ModelUpdateListener(Registry, metrics, log: loggerFactory.CreateLogger<ModelUpdateListener>());
        Recommender = new Recommender(
            Registry, UserCache, Catalog, Catalog, Activity, CoVisitation, options, metrics, Time, loggerFactory.CreateLogger<Recommender>());
    }

    public ScoringOptions Options { get; }

    public ScoringMetrics Metrics { get; }

    public TimeProvider Time { get; }

    public ItemCatalog Catalog { get; }

    public UserActivityTracker Activity { get; }

    public CoVisitationIndex CoVisitation { get; }

    public UserFeaturesCache UserCache { get; }

    public ModelRegistry Registry { get; }

    public Recommender Recommender { get; }

    /// <summary>True when the user table is the scorer's own (fed from features.user), so a restarted scorer must reload it.</summary>
    public bool OwnsUserTable => _ownUserTable is not null;

    /// <summary>Learns from the click, then builds the user's list with features as of the click's event time.</summary>
    public Recommendation? OnClick(ClickEvent click)
    {
        ArgumentNullException.ThrowIfNull(click);
        Activity.Observe(click);
        CoVisitation.Observe(click);
        return Recommender.Recommend(new RecommendationContext(click.UserId, click.EventTime, TriggerEventId: click.EventId));
    }

    public Recommendation? OnRequest(RecommendationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Recommender.Recommend(new RecommendationContext(request.UserId, request.RequestedAt, RequestId: request.RequestId));
    }

    public void OnUserFeatures(UserFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        _ownUserTable?.Update(features);
        UserCache.OnUserFeaturesChanged(features);
    }

    public void OnItemFeatures(ItemFeatures features) => Catalog.Update(features);

    /// <summary>One models.versions message (null = tombstone); activates a version when its last chunk verifies.</summary>
    public ModelActivation? OnModelMessage(ModelVersion? chunk) => _models.OnMessage(chunk);
}
