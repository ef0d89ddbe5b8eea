namespace StreamReco.Producers;

/// <summary>Producer progress: events handed to the client, acknowledged, failed, and the send rate since the start.</summary>
public sealed record ProduceProgress(long Sent, long Delivered, long Failed, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? Sent / Elapsed.TotalSeconds : 0;
}
