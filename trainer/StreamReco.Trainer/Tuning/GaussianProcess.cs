namespace StreamReco.Trainer.Tuning;

/// <summary>
/// Gaussian-process regression with a squared-exponential kernel on the unit cube, fitted to standardised targets.
/// The length scale is chosen from a small grid by log marginal likelihood; the signal variance is 1 (targets are standardised).
/// </summary>
public sealed class GaussianProcess
{
    private static readonly double[] LengthScaleGrid = [0.05, 0.1, 0.2, 0.35, 0.6, 1.0];

    private readonly double[][] _x;
    private readonly double[] _alpha;
    private readonly double[,] _cholesky;
    private readonly double _mean;
    private readonly double _scale;
    private readonly double _noise;

    private GaussianProcess(double[][] x, double[] alpha, double[,] cholesky, double mean, double scale, double lengthScale, double noise)
    {
        _x = x;
        _alpha = alpha;
        _cholesky = cholesky;
        _mean = mean;
        _scale = scale;
        LengthScale = lengthScale;
        _noise = noise;
    }

    public double LengthScale { get; }

    public static GaussianProcess Fit(IReadOnlyList<double[]> points, IReadOnlyList<double> values, double noise = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(values);
        if (points.Count == 0 || points.Count != values.Count)
        {
            throw new ArgumentException("Need as many values as points, and at least one.");
        }

        var x = points.Select(p => (double[])p.Clone()).ToArray();
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
        var scale = sd > 1e-12 ? sd : 1;
        var y = values.Select(v => (v - mean) / scale).ToArray();

        GaussianProcess? best = null;
        var bestLikelihood = double.NegativeInfinity;
        foreach (var lengthScale in LengthScaleGrid)
        {
            var k = new double[x.Length, x.Length];
            for (var i = 0; i < x.Length; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    k[i, j] = k[j, i] = Kernel(x[i], x[j], lengthScale) + (i == j ? noise : 0);
                }
            }

            if (!TryCholesky(k, out var l))
            {
                continue;
            }

            var alpha = SolveUpper(l, SolveLower(l, y));
            // log p(y) = -1/2 y' alpha - sum log L_ii - n/2 log 2 pi
            var likelihood = -0.5 * Dot(y, alpha);
            for (var i = 0; i < x.Length; i++)
            {
                likelihood -= Math.Log(l[i, i]);
            }

            if (likelihood > bestLikelihood)
            {
                bestLikelihood = likelihood;
                best = new GaussianProcess(x, alpha, l, mean, scale, lengthScale, noise);
            }
        }

        return best ?? throw new InvalidOperationException("Kernel matrix is not positive definite for any length scale.");
    }

    /// <summary>Posterior mean and standard deviation at <paramref name="point"/>, in the original objective units.</summary>
    public (double Mean, double StdDev) Predict(IReadOnlyList<double> point)
    {
        var k = new double[_x.Length];
        for (var i = 0; i < _x.Length; i++)
        {
            k[i] = Kernel(_x[i], point, LengthScale);
        }

        var mean = Dot(k, _alpha);
        var v = SolveLower(_cholesky, k);
        var variance = Math.Max(1 + _noise - Dot(v, v), 1e-12);
        return (_mean + _scale * mean, _scale * Math.Sqrt(variance));
    }

    private static double Kernel(IReadOnlyList<double> a, IReadOnlyList<double> b, double lengthScale)
    {
        double d2 = 0;
        for (var i = 0; i < a.Count; i++)
        {
            var d = a[i] - b[i];
            d2 += d * d;
        }

        return Math.Exp(-0.5 * d2 / (lengthScale * lengthScale));
    }

    private static bool TryCholesky(double[,] a, out double[,] l)
    {
        var n = a.GetLength(0);
        l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }

                if (i == j)
                {
                    if (sum <= 0)
                    {
                        return false;
                    }

                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }

        return true;
    }

    private static double[] SolveLower(double[,] l, IReadOnlyList<double> b)
    {
        var n = b.Count;
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[i, k] * x[k];
            }

            x[i] = sum / l[i, i];
        }

        return x;
    }

    private static double[] SolveUpper(double[,] l, double[] b)
    {
        // Solves L' x = b.
        var n = b.Length;
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= l[k, i] * x[k];
            }

            x[i] = sum / l[i, i];
        }

        return x;
    }

    private static double Dot(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double s = 0;
        for (var i = 0; i < a.Count; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }
}
