using StreamReco.Schemas.Contracts;
using StreamReco.Streams;

namespace StreamReco.Scoring.Serving;

/// <summary>features.user -> the scorer's user table and hot-user cache invalidation. Tombstones are ignored.</summary>
public sealed class UserFeaturesUpdateProcessor : Processor<string, UserFeatures>
{
    private readonly ScoringService _service;

    public UserFeaturesUpdateProcessor(ScoringService service)
    {
        _service = service;
    }

    public override void Process(Record<string, UserFeatures> record)
    {
        if (record.Value is not null)
        {
            _service.OnUserFeatures(record.Value);
        }
    }
}
