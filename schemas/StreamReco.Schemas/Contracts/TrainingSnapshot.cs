namespace StreamReco.Schemas.Contracts;

/// <summary>An exposure with point-in-time features and its later outcome label (schemas/TrainingSnapshot.avsc).</summary>
public sealed record TrainingSnapshot(
    string ExposureId,
    string UserId,
    string ItemId,
    string CategoryId,
    Behavior ExposureBehavior,
    long EventTime,
    IReadOnlyDictionary<string, double> Features,
    long FeatureSchemaFingerprint,
    int Label,
    Behavior? LabelBehavior,
    long? LabelTime,
    long HorizonMs);
