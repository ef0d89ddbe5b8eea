namespace StreamReco.Drift.Processing;

/// <summary>
/// Live values of named model features (FeatureVector names) from one update of <see cref="Entity"/> ("user:&lt;id&gt;" or
/// "item:&lt;id&gt;") at one event time. The entity groups a window's updates into clusters for the effective sample size.
/// <see cref="Updates"/> is how many updates of the entity the values stand for (a coalesced features record, see
/// <c>FeatureHeaders.CoalescedUpdates</c>): the window counts them as that many updates carrying these values.
/// </summary>
public sealed record FeatureObservations(
    long EventTime, IReadOnlyList<KeyValuePair<string, double>> Values, string? Entity = null, int Updates = 1) : DriftInput;
