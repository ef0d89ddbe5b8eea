namespace StreamReco.Drift.Statistics;

/// <summary>
/// Exact null distribution of the two-sample KS statistic: P(D_{n1,n2} >= h / lcm(n1, n2)).
/// </summary>
/// <remarks>
/// Under the null every interleaving of the two samples is equally likely, i.e. a uniformly random monotone
/// lattice path from (0, 0) to (n1, n2). D >= h/lcm exactly when the path touches |x n2 - y n1| / gcd >= h.
/// <para>Equal sizes use the reflection-principle series 2 sum_k (-1)^(k+1) C(2n, n-kh)/C(2n, n), evaluated as
/// nested products (Horner form) so no huge binomials appear.</para>
/// <para>Unequal sizes propagate, column by column, the probability q(i, j) that a uniformly random path from the
/// origin to (i, j) has already left the band: q(i, j) = (i q(i-1, j) + j q(i, j-1)) / (i + j) inside the band and
/// 1 outside (Viehmann 2021). Every quantity is a probability, so there is no cancellation and tiny p-values
/// keep full relative precision; only the band of each column is visited.</para>
/// </remarks>
public static class ExactTwoSampleKs
{
    /// <summary>P(D >= h / lcm(n1, n2)) for the integer lattice distance <paramref name="h"/>.</summary>
    public static double SurvivalAtLattice(int n1, int n2, long h)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n2, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(h);
        if (h == 0)
        {
            return 1;
        }

        return n1 == n2 ? EqualSizes(n1, h) : Lattice(Math.Max(n1, n2), Math.Min(n1, n2), h);
    }

    private static double EqualSizes(int n, long h)
    {
        if (h > n)
        {
            return 0;
        }

        // a_k = C(2n, n-kh) / C(2n, n-(k-1)h) = prod_{j=(k-1)h}^{kh-1} (n-j)/(n+1+j); S = a1(1 - a2(1 - a3(...))).
        var terms = n / h;
        var nested = 0.0;
        for (var k = terms; k >= 1; k--)
        {
            var ratio = 1.0;
            for (var j = (k - 1) * h; j < k * h; j++)
            {
                ratio *= (n - j) / (double)(n + 1 + j);
            }

            nested = ratio * (1 - nested);
        }

        return Math.Clamp(2 * nested, 0.0, 1.0);
    }

    /// <param name="m">Larger sample size (columns i = 0..m).</param>
    /// <param name="n">Smaller sample size (rows j = 0..n).</param>
    /// <param name="h">Band half-width in units of 1/lcm(m, n).</param>
    private static double Lattice(int m, int n, long h)
    {
        long g = Gcd(m, n);
        var mg = m / g;
        var ng = n / g;

        // Inside the band: |ng*i - mg*j| < h.
        var q = new double[n + 1];
        Array.Fill(q, 1.0);
        var lo = 0L;
        var hi = Math.Min(n, CeilDiv(h, mg) - 1);
        q[0] = 0;
        for (var j = 1; j <= hi; j++)
        {
            q[j] = q[j - 1];
        }

        for (long i = 1; i <= m; i++)
        {
            var newLo = Math.Max(0, FloorDiv((ng * i) - h, mg) + 1);
            var newHi = Math.Min(n, CeilDiv((ng * i) + h, mg) - 1);
            if (newLo > newHi)
            {
                return 1;
            }

            // Cells that left the band from below now hold "has exited" = 1.
            for (var j = lo; j < Math.Min(newLo, hi + 1); j++)
            {
                q[j] = 1;
            }

            for (var j = newLo; j <= newHi; j++)
            {
                var fromLeft = q[j];
                var fromBelow = j == 0 ? 0.0 : q[j - 1];
                q[j] = ((i * fromLeft) + (j * fromBelow)) / (i + j);
            }

            lo = newLo;
            hi = newHi;
        }

        return Math.Clamp(q[n], 0.0, 1.0);
    }

    internal static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -(-a / b);
}
