using StreamReco.Schemas.Contracts;

namespace StreamReco.Scoring.Candidates;

/// <summary>Latest known features of an item (e.g. the features.item table / interactive query).</summary>
public interface IItemFeaturesLookup
{
    ItemFeatures? GetItemFeatures(string itemId);
}
