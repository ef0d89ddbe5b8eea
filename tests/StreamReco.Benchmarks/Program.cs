using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace StreamReco.Benchmarks;

/// <summary>
/// `make bench [BENCH=codec|producer|features|features-cpu|features-latency|scoring|model|all]`. Codec costs come from BenchmarkDotNet; the pipeline
/// benchmarks run on the embedded broker and print ratios measured in the same run, so machine speed cancels out.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "all";
        var known = new[] { "all", "codec", "producer", "features", "features-cpu", "features-latency", "scoring", "model" };
        if (!known.Contains(which))
        {
            Console.Error.WriteLine("usage: StreamReco.Benchmarks [" + string.Join('|', known) + "]");
            return 2;
        }

        if (which is "all" or "producer")
        {
            await ProducerThroughputBenchmark.RunAsync().ConfigureAwait(false);
        }

        if (which is "all" or "features" or "features-cpu")
        {
            FeatureProcessingCostBenchmark.Run();
        }

        if (which is "all" or "features")
        {
            await FeatureTopologyBenchmark.RunAsync().ConfigureAwait(false);
        }

        if (which is "features-latency")
        {
            await FeatureTopologyBenchmark.RunLatencyAsync(warmUp: true).ConfigureAwait(false);
        }

        if (which is "all" or "scoring")
        {
            await ScoringLatencyBenchmark.RunAsync().ConfigureAwait(false);
        }

        var config = DefaultConfig.Instance.AddJob(Job.ShortRun).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        if (which is "all" or "codec")
        {
            BenchmarkRunner.Run<CodecBenchmarks>(config, args.Skip(1).ToArray());
        }

        if (which is "all" or "model")
        {
            // In-process: the model benchmark needs no separate build of the whole solution (which outlasts BenchmarkDotNet's
            // build timeout on a busy 2-core machine), and measures the same JIT-ed code the scorer runs.
            var inProcess = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
                .WithOptions(ConfigOptions.DisableOptimizationsValidator);
            BenchmarkRunner.Run<ModelScoringBenchmarks>(inProcess, args.Skip(1).ToArray());
        }

        return 0;
    }
}
