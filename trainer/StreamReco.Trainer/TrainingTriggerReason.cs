namespace StreamReco.Trainer;

/// <summary>Why a training run started.</summary>
public enum TrainingTriggerReason
{
    None,
    Schedule,
    NewData,
    Request,
}
