namespace StreamReco.Schemas.Contracts;

/// <summary>One recommended item with its score and candidate source.</summary>
public sealed record RecommendedItem(string ItemId, string CategoryId, double Score, string Source);
