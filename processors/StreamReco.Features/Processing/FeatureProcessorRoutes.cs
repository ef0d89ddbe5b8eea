namespace StreamReco.Features.Processing;

/// <summary>Store and child node names a feature processor uses.</summary>
/// <param name="StoreName">Key-value store holding the aggregates.</param>
/// <param name="FeaturesChild">Child that receives the feature records (a sink to the compacted features topic).</param>
/// <param name="LateChild">Child that receives late clicks (a sink to events.late).</param>
/// <param name="AdmittedChild">Optional child that receives every on-time click unchanged.</param>
public sealed record FeatureProcessorRoutes(string StoreName, string FeaturesChild, string LateChild, string? AdmittedChild = null);
