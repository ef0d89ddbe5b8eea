namespace StreamReco.Streams.Tests;

/// <summary>A small event for runtime tests (the real contracts live in StreamReco.Schemas).</summary>
public sealed record ClickTestEvent(string User, string Item, long TimestampMs);
