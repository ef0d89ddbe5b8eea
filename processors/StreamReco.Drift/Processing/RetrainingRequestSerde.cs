using System.Text.Json;
using StreamReco.Streams;

namespace StreamReco.Drift.Processing;

/// <summary>JSON (UTF-8) serde for <see cref="RetrainingRequest"/>; the trainer reads it as plain JSON.</summary>
public static class RetrainingRequestSerde
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static ISerde<RetrainingRequest> Instance { get; } = Serdes.Create(
        r => JsonSerializer.SerializeToUtf8Bytes(r, Options),
        bytes => JsonSerializer.Deserialize<RetrainingRequest>(bytes, Options)
            ?? throw new JsonException("Empty retraining request."));
}
