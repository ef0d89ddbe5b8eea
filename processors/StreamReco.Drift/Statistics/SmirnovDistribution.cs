namespace StreamReco.Drift.Statistics;

/// <summary>
/// One-sided one-sample Kolmogorov-Smirnov (Smirnov) distribution: P(D_n^+ >= x).
/// Same branch structure as scipy.special.smirnov (van Mulbregt 2018): exact Smirnov/Birnbaum-Tingey sum for
/// n &lt;= 10^6, the closed forms at the ends of the support, and an asymptotic formula beyond 10^6.
/// </summary>
public static class SmirnovDistribution
{
    /// <summary>Above this n scipy switches to the asymptotic formula exp(-(6nx+1)^2 / 18n).</summary>
    public const int MaxExactN = 1_000_000;

    /// <summary>cephes MINLOG = ln(2^-1075); when -2 n x^2 is below it the survival is reported as 0.</summary>
    private const double MinLog = -7.451332191019412076235E2;

    /// <summary>P(D_n^+ >= x) for 0 &lt;= x &lt;= 1.</summary>
    public static double Survival(int n, double x)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (double.IsNaN(x) || x < 0 || x > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "The statistic must lie in [0, 1].");
        }

        if (n == 1)
        {
            return 1 - x;
        }

        if (x == 0)
        {
            return 1;
        }

        if (x == 1)
        {
            return 0;
        }

        // floor(n x) computed from the exact product n*x = hi + lo (FMA gives the rounding error of hi).
        double nxHi = n * x;
        var nxLo = Math.FusedMultiplyAdd(n, x, -nxHi);
        var nxFloor = (long)Math.Floor(nxHi);
        var alpha = (nxHi - nxFloor) + nxLo;
        if (alpha < 0)
        {
            nxFloor -= 1;
            alpha += 1;
        }
        else if (alpha >= 1)
        {
            nxFloor += 1;
            alpha -= 1;
        }

        if (nxFloor == 0 || (nxFloor == 1 && alpha == 0))
        {
            // x <= 1/n: P(D+ < x) = x (1 + x)^(n-1).
            return Clip(1 - (x * Math.Pow(1 + x, n - 1)));
        }

        if (-2 * n * x * x < MinLog)
        {
            return 0;
        }

        if (nxFloor >= n - 1)
        {
            return Clip(Math.Pow(1 - x, n));
        }

        if (n > MaxExactN)
        {
            var logP = -Math.Pow((6.0 * n * x) + 1, 2) / 18.0 / n;
            return Clip(Math.Exp(logP));
        }

        return Clip(x * LowerSum(n, nxHi, nxLo, nxFloor));
    }

    /// <summary>
    /// sum_{v=0}^{floor(n(1-x))} C(n,v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v), every term positive, each evaluated in
    /// log space (the binomials and powers overflow doubles long before n = 10^6).
    /// </summary>
    private static double LowerSum(int n, double nxHi, double nxLo, long nxFloor)
    {
        // Largest v with 1 - x - v/n > 0: n - floor(n x) - 1 (when n x is an integer the next term is exactly 0).
        var lastV = n - nxFloor - 1;
        var logN = Math.Log(n);
        var logFactN = SpecialFunctions.LogFactorial(n);
        var sum = 0.0;
        var previous = double.NegativeInfinity;
        for (long v = 0; v <= lastV; v++)
        {
            // x + v/n = (v + n x)/n and 1 - x - v/n = ((n - v) - n x)/n, using n x = hi + lo exactly.
            var up = (v + nxHi) + nxLo;
            var down = ((n - v) - nxHi) - nxLo;
            var logTerm = logFactN - SpecialFunctions.LogFactorial(v) - SpecialFunctions.LogFactorial(n - v)
                + ((v - 1) * (Math.Log(up) - logN))
                + ((n - v) * (Math.Log(down) - logN));
            var term = Math.Exp(logTerm);
            sum += term;

            // The terms are unimodal in v: once decreasing and negligible, the rest cannot matter.
            if (logTerm < previous && term < sum * 1e-20)
            {
                break;
            }

            previous = logTerm;
        }

        return sum;
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);
}
