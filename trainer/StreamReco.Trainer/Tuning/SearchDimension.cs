namespace StreamReco.Trainer.Tuning;

/// <summary>One hyper-parameter: a range, optionally searched on a log scale and rounded to integers.</summary>
public sealed record SearchDimension(string Name, double Min, double Max, bool LogScale = false, bool IsInteger = false)
{
    /// <summary>Maps u in [0, 1] to a parameter value.</summary>
    public double FromUnit(double u)
    {
        u = Math.Clamp(u, 0, 1);
        var value = LogScale ? Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min))) : Min + u * (Max - Min);
        return IsInteger ? Math.Clamp(Math.Round(value), Min, Max) : value;
    }
}
