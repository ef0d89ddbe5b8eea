using StreamReco.Schemas.Contracts;

namespace StreamReco.Trainer.Training;

/// <summary>
/// Non-personalised baseline: an item's score is its number of positive outcomes in the training period, with the number
/// of exposures as a fractional tie-breaker (score = positives + exposures / (max exposures + 1)). Unseen items score 0.
/// </summary>
public sealed class PopularityBaseline
{
    private readonly Dictionary<string, double> _scores;

    private PopularityBaseline(Dictionary<string, double> scores) => _scores = scores;

    public static PopularityBaseline Fit(IEnumerable<TrainingSnapshot> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var positives = new Dictionary<string, int>(StringComparer.Ordinal);
        var exposures = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in train)
        {
            exposures[s.ItemId] = exposures.GetValueOrDefault(s.ItemId) + 1;
            positives[s.ItemId] = positives.GetValueOrDefault(s.ItemId) + s.Label;
        }

        var maxExposures = exposures.Count == 0 ? 0 : exposures.Values.Max();
        var scores = exposures.ToDictionary(
            e => e.Key, e => positives[e.Key] + e.Value / (maxExposures + 1.0), StringComparer.Ordinal);
        return new PopularityBaseline(scores);
    }

    public double Score(string itemId) => _scores.GetValueOrDefault(itemId);
}
