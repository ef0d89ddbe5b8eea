namespace StreamReco.Schemas.Contracts;

/// <summary>KS/PSI comparison of one live feature distribution with its training reference (schemas/DriftMetric.avsc).</summary>
public sealed record DriftMetric(
    string Feature,
    string ModelVersion,
    string WindowKind,
    long WindowStart,
    long WindowEnd,
    long LiveCount,
    long ReferenceCount,
    double StatisticD,
    double PValue,
    double PValueCorrected,
    double Psi,
    bool Alarm);
