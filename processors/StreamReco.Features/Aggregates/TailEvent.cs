using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Aggregates;

/// <summary>One event kept exactly in an <see cref="ExactEventTail"/>; the tail assigns <see cref="CategoryId"/> (-1: no category).</summary>
internal readonly record struct TailEvent(long Time, Behavior Behavior, string? Category, int CategoryId = -1);
