using StreamReco.Schemas.Contracts;
using StreamReco.Streams;

namespace StreamReco.Scoring.Serving;

/// <summary>recommendation.requests -> recommendations (key = user id), answering with the request id.</summary>
public sealed class RequestScoringProcessor : Processor<string, RecommendationRequest>
{
    private readonly ScoringService _service;

    public RequestScoringProcessor(ScoringService service)
    {
        _service = service;
    }

    public override void Process(Record<string, RecommendationRequest> record)
    {
        var arrived = Context.TimeProvider.GetTimestamp();
        var recommendation = _service.OnRequest(record.Value);
        if (recommendation is null)
        {
            return;
        }

        Context.Forward(new Record<string, Recommendation>(recommendation.UserId, recommendation, record.TimestampMs));
        _service.Metrics.EndToEndLatency.Observe(Context.TimeProvider.GetElapsedTime(arrived).TotalSeconds);
    }
}
