namespace StreamReco.Scoring.Models;

/// <summary>
/// Decides whether compiled trees may replace ML.NET for a model: both score the same deterministic vectors and must
/// agree within <see cref="Tolerance"/> (relative to max(1, |score|)). The vectors are the zero vector, pseudo-random
/// vectors whose values are drawn around each feature's split thresholds (exactly at, one float either side, between,
/// beyond, zero, large), and for every reachable node of every tree a vector routed to that node with its feature exactly
/// at the threshold and one float above it, so each "&lt;=" boundary is exercised on both sides.
/// </summary>
internal static class EvaluatorParityCheck
{
    public const double Tolerance = 1e-5;
    public const int RandomVectors = 256;
    // Enough for every node of the largest model the trainer searches (200 trees x 64 leaves: 12 600 splits, two vectors each).
    public const int MaxPathVectors = 32_768;

    /// <param name="reference">ML.NET's scores for row-major vectors (the serving PredictionEngine path).</param>
    public static ParityCheckResult Run(CompiledTreeEnsemble compiled, Action<ReadOnlyMemory<float>, Memory<float>> reference, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(reference);
        var rows = Vectors(compiled, seed);
        var width = compiled.FeatureCount;
        var count = rows.Length / width;
        var expected = new float[count];
        reference(rows, expected);

        // The batch path is the one that serves.
        var compiledScores = new float[count];
        compiled.ScoreBatch(rows, compiledScores);
        var maxDifference = 0.0;
        for (var i = 0; i < count; i++)
        {
            var row = rows.AsSpan(i * width, width);
            var actual = compiledScores[i];
            var difference = Math.Abs((double)actual - expected[i]);
            var agrees = actual == expected[i]
                || (float.IsNaN(actual) && float.IsNaN(expected[i]))
                || difference <= Tolerance * Math.Max(1.0, Math.Abs(expected[i]));
            if (!agrees)
            {
                return new ParityCheckResult(
                    false,
                    count,
                    difference,
                    "vector " + i + " [" + string.Join(", ", row.ToArray()) + "]: ML.NET " + expected[i].ToString("R") + ", compiled " + actual.ToString("R"));
            }

            if (!double.IsNaN(difference))
            {
                maxDifference = Math.Max(maxDifference, difference);
            }
        }

        return new ParityCheckResult(true, count, maxDifference, null);
    }

    /// <summary>The verification vectors, row-major; deterministic for a given ensemble and seed.</summary>
    internal static float[] Vectors(CompiledTreeEnsemble compiled, int seed)
    {
        var width = compiled.FeatureCount;
        var thresholds = ThresholdsByFeature(compiled);
        var random = new Random(seed);
        var rows = new List<float>(width * (1 + RandomVectors + 64));

        rows.AddRange(new float[width]);
        for (var v = 0; v < RandomVectors; v++)
        {
            AddRandom(rows, thresholds, random);
        }

        var nodes = compiled.Nodes.ToArray();
        var assigned = new bool[width];
        var values = new float[width];
        var pathVectors = 0;
        foreach (var root in compiled.Roots)
        {
            Array.Clear(assigned);
            Visit(root);
        }

        return [.. rows];

        // Routes a vector to `index` by fixing each split feature on the way, then emits it with the node's own feature
        // at the threshold and just above. Paths that need contradictory values of one feature are unreachable; skipped.
        void Visit(int index)
        {
            if (index < 0 || pathVectors >= MaxPathVectors)
            {
                return;
            }

            var node = nodes[index];
            if (assigned[node.Feature])
            {
                Emit();
                var goesLeft = values[node.Feature] <= node.Threshold;
                Visit(goesLeft ? node.LessOrEqual : node.Greater);
                return;
            }

            assigned[node.Feature] = true;
            values[node.Feature] = node.Threshold;
            Emit();
            Visit(node.LessOrEqual);
            values[node.Feature] = MathF.BitIncrement(node.Threshold);
            Emit();
            if (values[node.Feature] > node.Threshold)
            {
                Visit(node.Greater);
            }

            assigned[node.Feature] = false;
        }

        void Emit()
        {
            var start = rows.Count;
            AddRandom(rows, thresholds, random);
            for (var f = 0; f < width; f++)
            {
                if (assigned[f])
                {
                    rows[start + f] = values[f];
                }
            }

            pathVectors++;
        }
    }

    private static float[][] ThresholdsByFeature(CompiledTreeEnsemble compiled)
    {
        var sets = new SortedSet<float>[compiled.FeatureCount];
        for (var f = 0; f < sets.Length; f++)
        {
            sets[f] = [];
        }

        foreach (var node in compiled.Nodes)
        {
            if (float.IsFinite(node.Threshold))
            {
                sets[node.Feature].Add(node.Threshold);
            }
        }

        return sets.Select(s => s.ToArray()).ToArray();
    }

    private static void AddRandom(List<float> rows, float[][] thresholds, Random random)
    {
        foreach (var candidates in thresholds)
        {
            rows.Add(RandomValue(candidates, random));
        }
    }

    private static float RandomValue(float[] thresholds, Random random)
    {
        var low = thresholds.Length > 0 ? thresholds[0] : 0f;
        var high = thresholds.Length > 0 ? thresholds[^1] : 1f;
        var margin = Math.Max(1.0, (high - (double)low) * 0.25);
        var pick = random.NextDouble();
        var threshold = thresholds.Length > 0 ? thresholds[random.Next(thresholds.Length)] : 0f;
        return pick switch
        {
            < 0.10 => 0f,
            < 0.35 => threshold,
            < 0.45 => MathF.BitIncrement(threshold),
            < 0.55 => MathF.BitDecrement(threshold),
            < 0.90 => (float)(low - margin + (random.NextDouble() * (high - (double)low + (2 * margin)))),
            < 0.95 => (float)(-random.NextDouble() * 1e4),
            _ => (float)(random.NextDouble() * 1e7),
        };
    }
}
