using System.Runtime.InteropServices;

namespace StreamReco.Scoring.Models;

/// <summary>
/// Node of the evaluation kernel (16 bytes). Leaves are nodes too, with both children pointing at themselves, so every
/// tree is walked for a fixed number of steps (its depth) without a data-dependent exit. The two children are adjacent,
/// so the step picks one by offset (0 for "&lt;=", 1 for "&gt;") instead of a branch the CPU would mispredict half the time.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct KernelNode
{
    [FieldOffset(0)]
    public int Feature;

    [FieldOffset(4)]
    public float Threshold;

    [FieldOffset(8)]
    public int LessOrEqual;

    [FieldOffset(12)]
    public int Greater;
}
