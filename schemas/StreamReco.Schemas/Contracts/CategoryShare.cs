namespace StreamReco.Schemas.Contracts;

/// <summary>Share of a user's recent events in one category.</summary>
public sealed record CategoryShare(string CategoryId, double Share);
