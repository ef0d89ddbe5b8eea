namespace StreamReco.Schemas.Contracts;

/// <summary>RFM segment of a user (Avro enum streamreco.UserSegment).</summary>
public enum UserSegment
{
    Core = 0,
    Active = 1,
    Normal = 2,
    Churned = 3,
}
