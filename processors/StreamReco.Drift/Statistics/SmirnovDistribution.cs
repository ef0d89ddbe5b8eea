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
    /// sum_{v=0}^{n - floor(n x) - 1} A_v with A_v = C(n,v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v), all terms positive.
    /// </summary>
    /// <remarks>
    /// ln A_v is assembled with the large Stirling terms cancelled analytically:
    /// ln A_v = v ln(1 + nx/v) + (n-v) ln(1 - nx/(n-v)) - ln((v + nx)/n) + ln(n / (2 pi v (n-v))) / 2
    ///          + delta(n) - delta(v) - delta(n-v),
    /// where delta is the Stirling remainder. Every piece is O(n x) instead of O(n ln n), so the rounding error of a
    /// term stays near 1e-12 relative even for n = 10^6 (a plain ln C(n,v) would lose ~1e-10).
    /// </remarks>
    private static double LowerSum(int n, double nxHi, double nxLo, long nxFloor)
    {
        var lastV = n - nxFloor - 1;
        var nx = nxHi + nxLo;
        var deltaN = SpecialFunctions.StirlingCorrection(n);

        // v = 0: (nx/n)^-1 (1 - x)^n.
        var logFirst = -Math.Log(nx / n) + (n * SpecialFunctions.Log1P(-nx / n));
        var sum = Math.Exp(logFirst);
        var previous = logFirst;
        for (long v = 1; v <= lastV; v++)
        {
            var rest = n - v;
            var ratio = nx / rest;

            // Near the end of the range 1 - nx/(n-v) is small; take it from the exact difference (n - v) - n x.
            var logDown = ratio < 0.5
                ? SpecialFunctions.Log1P(-ratio)
                : Math.Log(((rest - nxHi) - nxLo) / rest);
            var logTerm = (v * SpecialFunctions.Log1P(nx / v)) + (rest * logDown) - Math.Log((v + nx) / n)
                + (0.5 * Math.Log(n / (2 * Math.PI * v * rest)))
                + deltaN - SpecialFunctions.StirlingCorrection(v) - SpecialFunctions.StirlingCorrection(rest);
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
