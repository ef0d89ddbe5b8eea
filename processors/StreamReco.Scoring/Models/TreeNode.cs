using System.Runtime.InteropServices;

namespace StreamReco.Scoring.Models;

/// <summary>
/// One internal node of a compiled tree, 16 bytes, so a node visit touches one cache line. Children are indexes into
/// the ensemble's node array, or <c>~leaf</c> (negative) into its leaf-value array.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct TreeNode
{
    public TreeNode(int feature, float threshold, int lessOrEqual, int greater)
    {
        Feature = feature;
        Threshold = threshold;
        LessOrEqual = lessOrEqual;
        Greater = greater;
    }

    public int Feature { get; }

    /// <summary>A value goes to <see cref="LessOrEqual"/> when <c>value &lt;= Threshold</c> (float comparison, as ML.NET).</summary>
    public float Threshold { get; }

    public int LessOrEqual { get; }

    public int Greater { get; }
}
