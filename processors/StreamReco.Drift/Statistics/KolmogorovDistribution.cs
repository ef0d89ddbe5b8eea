namespace StreamReco.Drift.Statistics;

/// <summary>
/// Two-sided one-sample Kolmogorov-Smirnov distribution of D_n (scipy.stats.kstwo), survival function P(D_n >= d).
/// </summary>
/// <remarks>
/// Method selection follows Simard and L'Ecuyer (2011) with scipy's cut-offs, because the asymptotic two-sample
/// p-value must agree with scipy, and scipy deliberately uses approximations (2 x Smirnov, Pelz-Good) in some regions:
/// <list type="bullet">
/// <item>n d &lt;= 1: Ruben-Gambino closed form n!/n^n (2nd - 1)^n; n d >= n - 1: 2 (1 - d)^n.</item>
/// <item>d >= 1/2: 2 P(D_n^+ >= d), exact because both one-sided events cannot happen together.</item>
/// <item>n &lt;= 140: exact (Durbin matrix) when n d^2 &lt;= 4, otherwise 2 P(D_n^+ >= d).</item>
/// <item>n > 140: 0 when n d^2 >= 370, 2 P(D_n^+ >= d) when n d^2 >= 2.2, else 1 - CDF with the CDF from the Durbin
/// matrix when n &lt;= 100 000 and n d^1.5 &lt;= 1.4, from the Pelz-Good expansion otherwise.</item>
/// </list>
/// scipy uses Pomeranz's recursion for part of the exact n &lt;= 140 region; it is exact as well, so the Durbin
/// matrix gives the same value to rounding.
/// </remarks>
public static class KolmogorovDistribution
{
    private static readonly double SqrtTwoPi = Math.Sqrt(2 * Math.PI);

    /// <summary>P(D_n >= d).</summary>
    public static double Survival(int n, double d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (double.IsNaN(d))
        {
            throw new ArgumentOutOfRangeException(nameof(d), d, "The statistic must be a number.");
        }

        // Support is [1/(2n), 1].
        if (d <= 0.5 / n)
        {
            return 1;
        }

        if (d >= 1)
        {
            return 0;
        }

        double t = n * d;
        if (t <= 1)
        {
            if (t <= 0.5)
            {
                return 1;
            }

            var cdf = Math.Exp(SpecialFunctions.LogFactorialOverPower(n) + (n * Math.Log((2 * t) - 1)));
            return Clip(1 - cdf);
        }

        if (t >= n - 1)
        {
            return Clip(2 * Math.Pow(1 - d, n));
        }

        if (d >= 0.5)
        {
            return Clip(2 * SmirnovDistribution.Survival(n, d));
        }

        var ndSquared = t * d;
        if (n <= 140)
        {
            return ndSquared <= 4 ? Clip(1 - DurbinMatrixCdf(n, d)) : Clip(2 * SmirnovDistribution.Survival(n, d));
        }

        if (ndSquared >= 370)
        {
            return 0;
        }

        if (ndSquared >= 2.2)
        {
            return Clip(2 * SmirnovDistribution.Survival(n, d));
        }

        var useMatrix = n <= 100_000 && n * Math.Pow(d, 1.5) <= 1.4;
        return Clip(1 - (useMatrix ? DurbinMatrixCdf(n, d) : PelzGoodCdf(n, d)));
    }

    /// <summary>
    /// Exact P(D_n &lt; d) by Durbin's matrix formula as organised by Marsaglia, Tsang and Wang (2003):
    /// with n d = k - h (k integer, 0 &lt;= h &lt; 1) and an m x m matrix H (m = 2k - 1),
    /// P = n!/n^n (H^n)[k-1, k-1]. Powers are rescaled by powers of two (exponent kept apart) so nothing overflows.
    /// </summary>
    public static double DurbinMatrixCdf(int n, double d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        double nd = n * d;
        if (d >= 1)
        {
            return 1;
        }

        if (nd <= 0.5)
        {
            return 0;
        }

        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = (2 * k) - 1;

        var inverseFactorial = new double[m + 1];
        inverseFactorial[0] = 1;
        for (var i = 1; i <= m; i++)
        {
            inverseFactorial[i] = inverseFactorial[i - 1] / i;
        }

        // Row-major m x m.
        var matrix = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j <= Math.Min(i + 1, m - 1); j++)
            {
                matrix[(i * m) + j] = inverseFactorial[i - j + 1];
            }
        }

        for (var i = 0; i < m; i++)
        {
            matrix[i * m] -= Math.Pow(h, i + 1) * inverseFactorial[i + 1];
            matrix[((m - 1) * m) + i] -= Math.Pow(h, m - i) * inverseFactorial[m - i];
        }

        if ((2 * h) - 1 > 0)
        {
            matrix[(m - 1) * m] += Math.Pow((2 * h) - 1, m) * inverseFactorial[m];
        }

        var (power, exponent) = MatrixPower(matrix, m, n);
        var logCdf = Math.Log(power[((k - 1) * m) + k - 1]) + (exponent * Math.Log(2)) + SpecialFunctions.LogFactorialOverPower(n);
        return Math.Min(1.0, Math.Exp(logCdf));
    }

    /// <summary>
    /// Pelz-Good (1976) asymptotic expansion of P(D_n &lt;= d) in powers of 1/sqrt(n), in the theta-function form
    /// suited to small z = d sqrt(n): K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^(3/2).
    /// </summary>
    public static double PelzGoodCdf(int n, double d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (d <= 0)
        {
            return 0;
        }

        if (d >= 1)
        {
            return 1;
        }

        var z = Math.Sqrt(n) * d;
        var z2 = z * z;
        var z4 = z2 * z2;
        var z6 = z4 * z2;
        var z8 = z4 * z4;
        var pi2 = Math.PI * Math.PI;
        var pi4 = pi2 * pi2;
        var pi6 = pi4 * pi2;

        // Sums over odd m = 2k - 1 of polynomial(m^2) * exp(-pi^2 m^2 / (8 z^2)).
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (var k = 1; ; k++)
        {
            double m = (2 * k) - 1;
            var m2 = m * m;
            var exponent = -pi2 * m2 / (8 * z2);
            if (exponent < -745)
            {
                break;
            }

            var e = Math.Exp(exponent);
            s0 += e;
            s1 += ((pi2 * m2 / 4) - z2) * e;
            s2 += ((6 * z6) + (2 * z4) + (pi2 * ((2 * z4) - (5 * z2)) * m2 / 4) + (pi4 * (1 - (2 * z2)) * m2 * m2 / 16)) * e;
            s3 += ((-30 * z6) - (90 * z8) + (pi2 * ((135 * z4) - (96 * z6)) * m2 / 4)
                + (pi4 * ((212 * z4) - (60 * z2)) * m2 * m2 / 16) + (pi6 * (5 - (30 * z2)) * m2 * m2 * m2 / 64)) * e;
        }

        // Sums over all k >= 1 of polynomial(k^2) * exp(-pi^2 k^2 / (2 z^2)).
        double t2 = 0, t3 = 0;
        for (var k = 1; ; k++)
        {
            double k2 = (double)k * k;
            var exponent = -pi2 * k2 / (2 * z2);
            if (exponent < -745)
            {
                break;
            }

            var e = Math.Exp(exponent);
            t2 += k2 * e;
            t3 += ((3 * z2) - (pi2 * k2)) * k2 * e;
        }

        var k0 = SqrtTwoPi / z * s0;
        var k1 = SqrtTwoPi / (6 * z4) * s1;
        var k2Term = (SqrtTwoPi / (72 * z6 * z) * s2) - (pi2 * SqrtTwoPi / (36 * z2 * z) * t2);
        var k3Term = (SqrtTwoPi / (6480 * z8 * z2) * s3) + (pi2 * SqrtTwoPi / (216 * z6) * t3);
        double sqrtN = Math.Sqrt(n);
        return k0 + (k1 / sqrtN) + (k2Term / n) + (k3Term / (n * sqrtN));
    }

    private static (double[] Power, long Exponent) MatrixPower(double[] matrix, int size, int n)
    {
        var result = new double[size * size];
        for (var i = 0; i < size; i++)
        {
            result[(i * size) + i] = 1;
        }

        long resultExponent = 0;
        var basePower = matrix;
        long baseExponent = 0;
        var scratch = new double[size * size];
        var remaining = n;
        while (remaining > 0)
        {
            if ((remaining & 1) != 0)
            {
                Multiply(result, basePower, scratch, size);
                (result, scratch) = (scratch, result);
                resultExponent += baseExponent + Normalise(result);
            }

            remaining >>= 1;
            if (remaining > 0)
            {
                var squared = new double[size * size];
                Multiply(basePower, basePower, squared, size);
                basePower = squared;
                baseExponent = (2 * baseExponent) + Normalise(basePower);
            }
        }

        return (result, resultExponent);
    }

    /// <summary>Scales the matrix by a power of two so its largest entry is in [1, 2); returns the removed exponent.</summary>
    private static int Normalise(Span<double> matrix)
    {
        var max = 0.0;
        foreach (var value in matrix)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        if (max == 0 || double.IsInfinity(max))
        {
            return 0;
        }

        var exponent = Math.ILogB(max);
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = Math.ScaleB(matrix[i], -exponent);
        }

        return exponent;
    }

    /// <summary>product = a * b for row-major size x size matrices.</summary>
    private static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> product, int size)
    {
        product.Clear();
        for (var i = 0; i < size; i++)
        {
            var row = product.Slice(i * size, size);
            for (var l = 0; l < size; l++)
            {
                var ail = a[(i * size) + l];
                if (ail == 0)
                {
                    continue;
                }

                var bRow = b.Slice(l * size, size);
                for (var j = 0; j < size; j++)
                {
                    row[j] += ail * bRow[j];
                }
            }
        }
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);
}
