using System.Text;

namespace StreamReco.Trainer.Service;

/// <summary>A retraining request on trainer.requests: the UTF-8 payload is a free-text reason (e.g. "drift user_views_1h ks=0.31").</summary>
public sealed record TrainingRequest(string Reason)
{
    public static TrainingRequest Decode(byte[]? payload)
    {
        var reason = payload is null || payload.Length == 0 ? string.Empty : Encoding.UTF8.GetString(payload).Trim();
        return new TrainingRequest(reason.Length == 0 ? "unspecified" : reason);
    }

    public byte[] Encode() => Encoding.UTF8.GetBytes(Reason);
}
