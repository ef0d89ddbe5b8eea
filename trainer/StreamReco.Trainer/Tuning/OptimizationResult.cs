namespace StreamReco.Trainer.Tuning;

/// <summary>All trials in evaluation order and the best one (maximum objective).</summary>
public sealed record OptimizationResult(IReadOnlyList<Trial> Trials)
{
    public Trial Best => Trials.MaxBy(t => t.Value) ?? throw new InvalidOperationException("No trials were evaluated.");
}
