using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.Trainers.FastTree;

namespace StreamReco.Scoring.Models;

/// <summary>
/// A regression-tree ensemble flattened into arrays of value types (no per-node objects) and evaluated exactly as
/// ML.NET 5 does for a dense vector without missing values: at each node go to the "less or equal" child when
/// <c>value &lt;= threshold</c> (float comparison), else to the "greater" child, until a leaf <c>~index</c>; the score is
/// the double sum of the leaf values in tree order, starting at 0, cast to float. Like ML.NET's
/// InternalTreeEnsemble.GetOutput it adds neither the ensemble bias nor tree weights, and a tree without internal nodes
/// contributes 0. NaN inputs are not handled here (ML.NET substitutes per-node defaults it does not expose); callers
/// route such vectors elsewhere. The evaluation kernel (<see cref="KernelNode"/>) walks each tree a fixed number of
/// branch-free steps, four rows at a time. Immutable, so safe for concurrent use; evaluation allocates nothing.
/// </summary>
internal sealed class CompiledTreeEnsemble
{
    private readonly TreeNode[] _nodes;
    private readonly double[] _leafValues;
    private readonly int[] _roots;

    // Evaluation kernel: internal nodes and leaves in one array (see KernelNode), the leaf value of each kernel node
    // (0 for internal ones), and per tree its root and the number of steps that reaches every leaf.
    private readonly KernelNode[] _kernel;
    private readonly double[] _kernelValues;
    private readonly int[] _kernelRoots;
    private readonly int[] _kernelDepths;

    private CompiledTreeEnsemble(TreeNode[] nodes, double[] leafValues, int[] roots, int featureCount, int treeCount)
    {
        _nodes = nodes;
        _leafValues = leafValues;
        _roots = roots;
        FeatureCount = featureCount;
        TreeCount = treeCount;
        (_kernel, _kernelValues, _kernelRoots, _kernelDepths) = BuildKernel(nodes, leafValues, roots);
    }

    public int FeatureCount { get; }

    /// <summary>Trees in the source ensemble, including those without internal nodes (which add 0).</summary>
    public int TreeCount { get; }

    public int NodeCount => _nodes.Length;

    public int LeafCount => _leafValues.Length;

    /// <summary>Every internal node, for building verification vectors at split thresholds.</summary>
    public ReadOnlySpan<TreeNode> Nodes => _nodes;

    /// <summary>Leaf values of all trees; a negative child <c>c</c> of a node is leaf <c>~c</c>.</summary>
    public ReadOnlySpan<double> LeafValues => _leafValues;

    /// <summary>Root node of each tree that has internal nodes, in tree order.</summary>
    public ReadOnlySpan<int> Roots => _roots;

    /// <summary>
    /// Flattens <paramref name="trees"/>; returns null with a <see cref="EvaluatorFallbackReasons"/> code and a detail when
    /// a tree cannot be evaluated exactly (categorical split, bad index, not a tree).
    /// </summary>
    public static CompiledTreeEnsemble? TryCreate(
        IReadOnlyList<RegressionTreeBase> trees, int featureCount, out string? reason, out string? detail)
    {
        ArgumentNullException.ThrowIfNull(trees);
        var nodes = new List<TreeNode>();
        var leafValues = new List<double>();
        var roots = new List<int>();
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            var nodeCount = tree.LeftChild.Count;
            if (nodeCount == 0)
            {
                // ML.NET returns 0 for a tree without a split (LteChild[0] == 0), whatever its single leaf holds.
                continue;
            }

            var leafCount = tree.LeafValues.Count;
            if (tree.RightChild.Count != nodeCount
                || tree.NumericalSplitFeatureIndexes.Count != nodeCount
                || tree.NumericalSplitThresholds.Count != nodeCount
                || tree.CategoricalSplitFlags.Count != nodeCount
                || leafCount != nodeCount + 1)
            {
                return Fail(EvaluatorFallbackReasons.InvalidTree, "tree " + t + " has inconsistent array lengths", out reason, out detail);
            }

            var nodeBase = nodes.Count;
            var leafBase = leafValues.Count;
            for (var n = 0; n < nodeCount; n++)
            {
                if (tree.CategoricalSplitFlags[n])
                {
                    return Fail(EvaluatorFallbackReasons.CategoricalSplit, "tree " + t + " node " + n + " splits on categories", out reason, out detail);
                }

                var feature = tree.NumericalSplitFeatureIndexes[n];
                if ((uint)feature >= (uint)featureCount)
                {
                    return Fail(
                        EvaluatorFallbackReasons.InvalidTree,
                        "tree " + t + " node " + n + " splits on feature " + feature + " of " + featureCount,
                        out reason,
                        out detail);
                }

                if (!TryMapChild(tree.LeftChild[n], nodeBase, nodeCount, leafBase, leafCount, out var lessOrEqual)
                    || !TryMapChild(tree.RightChild[n], nodeBase, nodeCount, leafBase, leafCount, out var greater))
                {
                    return Fail(EvaluatorFallbackReasons.InvalidTree, "tree " + t + " node " + n + " has a child out of range", out reason, out detail);
                }

                nodes.Add(new TreeNode(feature, tree.NumericalSplitThresholds[n], lessOrEqual, greater));
            }

            if (!IsProperTree(tree, nodeCount, leafCount))
            {
                return Fail(
                    EvaluatorFallbackReasons.InvalidTree,
                    "tree " + t + " is not a binary tree rooted at node 0 that reaches every node and leaf once",
                    out reason,
                    out detail);
            }

            for (var l = 0; l < leafCount; l++)
            {
                leafValues.Add(tree.LeafValues[l]);
            }

            roots.Add(nodeBase);
        }

        reason = null;
        detail = null;
        return new CompiledTreeEnsemble([.. nodes], [.. leafValues], [.. roots], featureCount, trees.Count);
    }

    /// <summary>
    /// Scores <paramref name="scores"/>.Length row-major vectors. Rows go through each tree four at a time: the four walks
    /// are independent, so the CPU overlaps their load-compare-load chains. Each row still sums its trees in tree order,
    /// so a row's score does not depend on its position in the batch.
    /// </summary>
    public void ScoreBatch(ReadOnlySpan<float> rows, Span<float> scores)
    {
        if (rows.Length != scores.Length * FeatureCount)
        {
            throw new ArgumentException(
                "Got " + rows.Length + " feature values for " + scores.Length + " vectors of " + FeatureCount + ".",
                nameof(rows));
        }

        if (scores.Length > 0)
        {
            ScoreBlock(ref MemoryMarshal.GetReference(rows), scores.Length, scores);
        }
    }

    // Callers checked that `rows` holds count * FeatureCount values; node and feature indexes were range-checked in
    // TryCreate, so the walk skips bounds checks.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScoreBlock(ref float rows, int count, Span<float> scores)
    {
        ref var kernel = ref MemoryMarshal.GetArrayDataReference(_kernel);
        ref var values = ref MemoryMarshal.GetArrayDataReference(_kernelValues);
        var width = FeatureCount;
        var row = 0;
        for (; row + 4 <= count; row += 4)
        {
            ref var r0 = ref Unsafe.Add(ref rows, row * width);
            ref var r1 = ref Unsafe.Add(ref r0, width);
            ref var r2 = ref Unsafe.Add(ref r1, width);
            ref var r3 = ref Unsafe.Add(ref r2, width);
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (var t = 0; t < _kernelRoots.Length; t++)
            {
                int i0 = _kernelRoots[t], i1 = i0, i2 = i0, i3 = i0;
                for (var d = _kernelDepths[t]; d > 0; d--)
                {
                    i0 = Step(ref kernel, i0, ref r0);
                    i1 = Step(ref kernel, i1, ref r1);
                    i2 = Step(ref kernel, i2, ref r2);
                    i3 = Step(ref kernel, i3, ref r3);
                }

                s0 += Unsafe.Add(ref values, i0);
                s1 += Unsafe.Add(ref values, i1);
                s2 += Unsafe.Add(ref values, i2);
                s3 += Unsafe.Add(ref values, i3);
            }

            scores[row] = (float)s0;
            scores[row + 1] = (float)s1;
            scores[row + 2] = (float)s2;
            scores[row + 3] = (float)s3;
        }

        for (; row < count; row++)
        {
            ref var r = ref Unsafe.Add(ref rows, row * width);
            var sum = 0.0;
            for (var t = 0; t < _kernelRoots.Length; t++)
            {
                var index = _kernelRoots[t];
                for (var d = _kernelDepths[t]; d > 0; d--)
                {
                    index = Step(ref kernel, index, ref r);
                }

                sum += Unsafe.Add(ref values, index);
            }

            scores[row] = (float)sum;
        }
    }

    /// <summary>One level down: the "&lt;=" child when value &lt;= threshold (false for NaN, as in ML.NET), else the next field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref KernelNode kernel, int index, ref float row)
    {
        ref var node = ref Unsafe.Add(ref kernel, index);
        var greater = Unsafe.Add(ref row, node.Feature) <= node.Threshold ? 0 : 1;
        return Unsafe.Add(ref node.LessOrEqual, greater);
    }

    /// <summary>
    /// Kernel nodes: the internal nodes keep their indexes, leaf l becomes node NodeCount + l (a self-loop holding the
    /// leaf's value); a tree's depth is its longest root-to-leaf path, so that many steps land every row on a leaf.
    /// </summary>
    private static (KernelNode[] Kernel, double[] Values, int[] Roots, int[] Depths) BuildKernel(TreeNode[] nodes, double[] leafValues, int[] roots)
    {
        var kernel = new KernelNode[nodes.Length + leafValues.Length];
        var values = new double[kernel.Length];
        for (var n = 0; n < nodes.Length; n++)
        {
            kernel[n] = new KernelNode
            {
                Feature = nodes[n].Feature,
                Threshold = nodes[n].Threshold,
                LessOrEqual = ToKernel(nodes[n].LessOrEqual),
                Greater = ToKernel(nodes[n].Greater),
            };
        }

        for (var l = 0; l < leafValues.Length; l++)
        {
            var self = nodes.Length + l;
            kernel[self] = new KernelNode { Feature = 0, Threshold = 0, LessOrEqual = self, Greater = self };
            values[self] = leafValues[l];
        }

        var depths = new int[roots.Length];
        for (var t = 0; t < roots.Length; t++)
        {
            depths[t] = Depth(roots[t]);
        }

        return (kernel, values, [.. roots], depths);

        int ToKernel(int child) => child >= 0 ? child : nodes.Length + ~child;

        int Depth(int index) => index < 0 ? 0 : 1 + Math.Max(Depth(nodes[index].LessOrEqual), Depth(nodes[index].Greater));
    }

    private static bool TryMapChild(int child, int nodeBase, int nodeCount, int leafBase, int leafCount, out int mapped)
    {
        if (child >= 0)
        {
            // Node 0 is the root; a child pointing at it would be a cycle.
            mapped = nodeBase + child;
            return child > 0 && child < nodeCount;
        }

        var leaf = ~child;
        mapped = ~(leafBase + leaf);
        return leaf < leafCount;
    }

    /// <summary>Every node and leaf is reached exactly once from node 0, so the walk terminates and every leaf is used.</summary>
    private static bool IsProperTree(RegressionTreeBase tree, int nodeCount, int leafCount)
    {
        var seenNodes = new bool[nodeCount];
        var seenLeaves = new bool[leafCount];
        var pending = new Stack<int>();
        pending.Push(0);
        seenNodes[0] = true;
        var reached = 1;
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            foreach (var child in (ReadOnlySpan<int>)[tree.LeftChild[node], tree.RightChild[node]])
            {
                if (child >= 0)
                {
                    if (seenNodes[child])
                    {
                        return false;
                    }

                    seenNodes[child] = true;
                    pending.Push(child);
                }
                else
                {
                    if (seenLeaves[~child])
                    {
                        return false;
                    }

                    seenLeaves[~child] = true;
                }

                reached++;
            }
        }

        return reached == nodeCount + leafCount;
    }

    private static CompiledTreeEnsemble? Fail(string code, string message, out string? reason, out string? detail)
    {
        reason = code;
        detail = message;
        return null;
    }
}
