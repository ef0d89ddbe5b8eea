using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Snapshots;

/// <summary>
/// The value of the clicks-by-item repartition: an on-time click plus, for exposures, the user's features as of the click's
/// event time, computed on the user-keyed task that owns the user aggregate. Carrying them across the repartition keeps the
/// point-in-time join co-partitioned (the item task owns the item aggregate).
/// </summary>
/// <param name="Click">The click as received.</param>
/// <param name="UserFeatures">User features as of <c>Click.EventTime</c>; null when the click is not an exposure.</param>
public sealed record EnrichedClick(ClickEvent Click, UserFeatures? UserFeatures = null);
