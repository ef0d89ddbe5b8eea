using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Streams;

namespace StreamReco.Scoring.Serving;

/// <summary>
/// The scorer's stream topology. Co-partitioned by user: events.clicks, recommendation.requests and features.user in,
/// recommendations out. features.item and models.versions are not co-partitioned; every instance reads them whole
/// with <see cref="GlobalTopicReader{T}"/> (see <see cref="ScoringHost"/>).
/// </summary>
public static class ScoringTopology
{
    public const string ClicksSource = "scoring-clicks";
    public const string RequestsSource = "scoring-requests";
    public const string UserFeaturesSource = "scoring-user-features";
    public const string ClickProcessor = "score-clicks";
    public const string RequestProcessor = "score-requests";
    public const string UserFeaturesProcessor = "update-user-features";
    public const string RecommendationsSink = "recommendations-sink";

    /// <summary>Dead-letter topics of the sources; create them with the pipeline topics (the mock broker does not auto-create).</summary>
    public static readonly IReadOnlyList<string> DeadLetterTopics =
        [TopicNames.ClicksDeadLetter, TopicNames.RecommendationRequestsDeadLetter, TopicNames.UserFeaturesDeadLetter];

    public static Topology Build(ScoringService service, IMessageCodec<Recommendation>? recommendationCodec = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        var recommendations = Serdes.FromCodec(recommendationCodec ?? Codecs.Recommendation);
        return new Topology()
            .AddSource(ClicksSource, TopicNames.Clicks, Serdes.String, Serdes.FromCodec(Codecs.ClickEvent), TopicNames.ClicksDeadLetter)
            .AddSource(RequestsSource, TopicNames.RecommendationRequests, Serdes.String, RecommendationRequestSerde.Instance)
            .AddSource(UserFeaturesSource, TopicNames.UserFeatures, Serdes.String, Serdes.FromCodec(Codecs.UserFeatures))
            .AddProcessor(ClickProcessor, () => new ClickScoringProcessor(service), ClicksSource)
            .AddProcessor(RequestProcessor, () => new RequestScoringProcessor(service), RequestsSource)
            .AddProcessor(UserFeaturesProcessor, () => new UserFeaturesUpdateProcessor(service), UserFeaturesSource)
            .AddSink(RecommendationsSink, TopicNames.Recommendations, Serdes.String, recommendations, ClickProcessor, RequestProcessor);
    }
}
