namespace StreamReco.Benchmarks;

/// <summary>Event-to-recommendation latency at a fixed rate on the embedded broker (wired once the scorer lands).</summary>
public static class ScoringLatencyBenchmark
{
    public static Task RunAsync()
    {
        Console.WriteLine("scoring: not measured in this build");
        return Task.CompletedTask;
    }
}
