namespace StreamReco.Streams.Testing;

/// <summary>The driver's clock when no TimeProvider is supplied: moves only when the driver advances it.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
