using System.Text.Json;
using StreamReco.Schemas;
using StreamReco.Streams;

namespace StreamReco.Scoring.Serving;

/// <summary>
/// UTF-8 JSON for <see cref="RecommendationRequest"/>: <c>{"requestId":"r1","userId":"u1","requestedAt":1700000000000}</c>.
/// JSON rather than Avro because requests come from arbitrary front ends (curl, kcat). Bad payloads throw
/// <see cref="MessageDecodeException"/>, so the runtime dead-letters them.
/// </summary>
public sealed class RecommendationRequestSerde : ISerde<RecommendationRequest>
{
    public static readonly RecommendationRequestSerde Instance = new();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] Serialize(RecommendationRequest value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    public RecommendationRequest Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new MessageDecodeException(DecodeFailure.Empty, "Recommendation request payload is empty.");
        }

        RecommendationRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<RecommendationRequest>(data, Json);
        }
        catch (JsonException ex)
        {
            throw new MessageDecodeException(DecodeFailure.CorruptBody, "Recommendation request is not valid JSON: " + ex.Message, ex);
        }

        if (request is null || string.IsNullOrEmpty(request.UserId) || string.IsNullOrEmpty(request.RequestId))
        {
            throw new MessageDecodeException(DecodeFailure.InvalidValue, "Recommendation request needs requestId and userId.");
        }

        return request;
    }
}
