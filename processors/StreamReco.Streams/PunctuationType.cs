namespace StreamReco.Streams;

public enum PunctuationType
{
    /// <summary>Driven by record timestamps (the task's stream time).</summary>
    StreamTime,

    /// <summary>Driven by the <see cref="TimeProvider"/> clock.</summary>
    WallClockTime,
}
