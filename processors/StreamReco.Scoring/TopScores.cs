using System.Buffers;

namespace StreamReco.Scoring;

/// <summary>
/// Top-N selection equal to <c>Enumerable.Range(0, n).OrderByDescending(i =&gt; NaN ? -inf : scores[i]).Take(N)</c>
/// (stable: equal scores keep index order; -0 equals +0) without LINQ's buffers: one insertion pass keeping the best N.
/// </summary>
internal static class TopScores
{
    private const int StackLimit = 128;

    /// <summary>Writes the indexes of the best min(destination.Length, scores.Length) scores, best first; returns how many.</summary>
    public static int Select(ReadOnlySpan<float> scores, Span<int> destination)
    {
        var limit = Math.Min(destination.Length, scores.Length);
        if (limit == 0)
        {
            return 0;
        }

        float[]? rented = null;
        var keys = limit <= StackLimit ? stackalloc float[limit] : (rented = ArrayPool<float>.Shared.Rent(limit)).AsSpan(0, limit);
        try
        {
            var count = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                var key = float.IsNaN(scores[i]) ? float.NegativeInfinity : scores[i];
                if (count == limit && !(key > keys[count - 1]))
                {
                    continue;
                }

                // Full: the last entry drops out. Shift strictly smaller keys down, so the new one lands after its equals.
                var position = count == limit ? limit - 1 : count++;
                while (position > 0 && keys[position - 1] < key)
                {
                    keys[position] = keys[position - 1];
                    destination[position] = destination[position - 1];
                    position--;
                }

                keys[position] = key;
                destination[position] = i;
            }

            return count;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }
}
