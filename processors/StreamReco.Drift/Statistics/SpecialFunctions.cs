namespace StreamReco.Drift.Statistics;

/// <summary>Log-factorials and related quantities accurate to a few ulps, for the KS distributions.</summary>
public static class SpecialFunctions
{
    private const int ExactLimit = 170;
    private static readonly double[] LogFactorialTable = BuildTable();

    /// <summary>ln(k!).</summary>
    public static double LogFactorial(long k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k <= ExactLimit)
        {
            return LogFactorialTable[k];
        }

        // Stirling series; for k > 170 the first omitted term is below 1e-21.
        double x = k;
        var r = 1.0 / x;
        var r2 = r * r;
        var series = r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680))));
        return (x * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI * x)) + series;
    }

    /// <summary>
    /// Stirling remainder ln(k!) - (k ln k - k + ln(2 pi k)/2), k >= 1: the small part of ln(k!) that is left once the
    /// large terms have been cancelled analytically.
    /// </summary>
    public static double StirlingCorrection(long k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        double x = k;
        if (k <= ExactLimit)
        {
            return LogFactorialTable[k] - ((x * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI * x)));
        }

        var r = 1.0 / x;
        var r2 = r * r;
        return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680))));
    }

    /// <summary>ln(1 + x) accurate for small |x| (.NET's LogP1 is ln(1 + x) evaluated naively).</summary>
    public static double Log1P(double x)
    {
        var u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        // The rounding error of u cancels in ln(u) * x / (u - 1) (Goldberg 1991, theorem 4).
        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>ln(C(n, k)).</summary>
    public static double LogBinomial(long n, long k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        return LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);
    }

    /// <summary>ln(n! / n^n), without the cancellation of ln(n!) - n ln(n) for large n.</summary>
    public static double LogFactorialOverPower(long n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (n <= ExactLimit)
        {
            // n!/n^n >= e^-n * sqrt(2 pi n) > 1e-74 here, so the plain product cannot underflow.
            var product = 1.0;
            for (var i = 1; i <= n; i++)
            {
                product *= i / (double)n;
            }

            return Math.Log(product);
        }

        double x = n;
        var r = 1.0 / x;
        var r2 = r * r;
        var series = r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680))));
        return -x + (0.5 * Math.Log(2 * Math.PI * x)) + series;
    }

    private static double[] BuildTable()
    {
        var table = new double[ExactLimit + 1];
        var factorial = 1.0;
        for (var i = 1; i <= ExactLimit; i++)
        {
            // 170! < double.MaxValue; each product rounds once, so the log is good to ~i ulps of 1.
            factorial *= i;
            table[i] = Math.Log(factorial);
        }

        return table;
    }
}
