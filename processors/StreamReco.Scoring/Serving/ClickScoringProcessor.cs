using StreamReco.Schemas.Contracts;
using StreamReco.Streams;

namespace StreamReco.Scoring.Serving;

/// <summary>
/// events.clicks -> recommendations (key = user id). Records the arrival-to-emit latency of every list:
/// from the moment the record reaches this processor to the moment the list is handed to the sink.
/// </summary>
public sealed class ClickScoringProcessor : Processor<string, ClickEvent>
{
    private readonly ScoringService _service;

    public ClickScoringProcessor(ScoringService service)
    {
        _service = service;
    }

    public override void Process(Record<string, ClickEvent> record)
    {
        var arrived = Context.TimeProvider.GetTimestamp();
        var recommendation = _service.OnClick(record.Value);
        if (recommendation is null)
        {
            return;
        }

        Context.Forward(new Record<string, Recommendation>(recommendation.UserId, recommendation, record.TimestampMs));
        _service.Metrics.EndToEndLatency.Observe(Context.TimeProvider.GetElapsedTime(arrived).TotalSeconds);
    }
}
