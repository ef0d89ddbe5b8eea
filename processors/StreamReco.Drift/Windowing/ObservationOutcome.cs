namespace StreamReco.Drift.Windowing;

/// <summary>What happened to one live observation offered to <see cref="DriftWindowEngine"/>.</summary>
public enum ObservationOutcome
{
    Accepted,

    /// <summary>Every window containing the event time has already been closed and emitted.</summary>
    Late,

    /// <summary>No model version (reference distributions) is known yet.</summary>
    NoReference,

    /// <summary>The serving model version has no reference sample for this feature.</summary>
    UnknownFeature,
}
