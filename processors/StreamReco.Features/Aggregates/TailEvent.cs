using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Aggregates;

/// <summary>One event kept exactly in an <see cref="ExactEventTail"/>.</summary>
internal readonly record struct TailEvent(long Time, Behavior Behavior, string? Category);
